package directory

// ConsoleStore keeps what the admin console needs beyond the SCIM data,
// one concern per interface: administrators, their sessions, first-run
// setup, login throttling and token rotation. It is part of Store.
type ConsoleStore interface {
	AdminStore
	SessionStore
	SetupStore
	LoginThrottleStore
	RotationStore
}
