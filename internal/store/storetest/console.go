package storetest

// consoleTests check directory.ConsoleStore, one concern at a time; the
// login throttle has its own group (loginThrottleTests).
var consoleTests = concat(adminTests, setupTests, sessionTests, rotationTests)

// concat joins groups of tests into one.
func concat(groups ...[]test) []test {
	var out []test
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}
