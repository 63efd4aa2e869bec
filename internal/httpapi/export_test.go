package httpapi

// PagePositionsHeld is the number of listings whose next page the server
// remembers.
func PagePositionsHeld(s *Server) int {
	s.positions.mu.Lock()
	defer s.positions.mu.Unlock()
	return len(s.positions.m)
}
