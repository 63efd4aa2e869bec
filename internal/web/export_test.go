package web

// WrapVerify replaces the server's password verification by
// wrap(verification), so that black-box tests can count and pace the
// verifications. It must be called before the server serves.
func WrapVerify(s *Server, wrap func(verify func(password, hash string) bool) func(password, hash string) bool) {
	s.verify = wrap(s.verify)
}

// HashSlots is how many password hashes the server runs at once.
func HashSlots(s *Server) int { return cap(s.hashes.slots) }
