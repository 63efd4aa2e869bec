package httpapi

// PagePositionsHeld is the number of listings whose next page the server
// remembers.
func PagePositionsHeld(s *Server) int {
	p := s.positions.(*pagePositions) // a store that does not share them
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.m)
}
