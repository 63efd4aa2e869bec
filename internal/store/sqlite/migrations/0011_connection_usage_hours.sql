-- Requests per connection per hour, for the console's "requests in the
-- last 24 hours" (directory.UsageHistoryStore). Written with the
-- connection's request count (RecordConnectionUse), in the same
-- transaction; rows older than sqlstore.usageHoursKept are deleted there.
-- Conventions as in 0001_init.sql: times are unix microseconds.
CREATE TABLE connection_usage_hours (
	connection_id TEXT NOT NULL REFERENCES connections (id),
	-- hour_us is the start of the UTC hour the requests fell in.
	hour_us INTEGER NOT NULL,
	requests INTEGER NOT NULL,
	PRIMARY KEY (connection_id, hour_us)
);
