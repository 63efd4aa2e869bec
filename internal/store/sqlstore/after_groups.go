package sqlstore

// Work after a group's answers. A group's writers are answered once its
// commit is durable; what the backend does after that — SQLite copying
// its WAL into the database file — belongs to no write, and none should
// wait for it. The committer runs it after each group's outcomes are out
// and before it takes the next group, on the writer, which is free then.

// AfterGroups has fn run on the committer after each group of writes has
// its outcomes, before the next group runs.
func (s *Store) AfterGroups(fn func()) { s.afterGroups.Store(&fn) }

// afterGroup runs what AfterGroups set, if anything.
func (s *Store) afterGroup() {
	if fn := s.afterGroups.Load(); fn != nil {
		(*fn)()
	}
}
