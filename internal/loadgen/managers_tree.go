package loadgen

// The managers of --managers-tree: each company's employees form a tree,
// node k reporting to node (k-1)/treeReports, node 0 to nobody, and the
// phase creates the nodes in a shuffled order — position q of the
// company's employees is node q·a mod n for a multiplier a prime to n —
// as an HR export sorted by name would: some managers before their
// reports, some after, near or far.

// treeReports is how many report to each manager of the tree.
const treeReports = 7

// treeMultipliers are primes, one of which is prime to any n the phases
// create (they are not all its factors).
var treeMultipliers = []int64{7919, 7927, 7933}

// shuffledTreeStep is the step from employee i of a phase of n employees
// spread over companies (employee i in company i%companies) to its
// manager in the tree of its company (person.manager); 0 for the root.
func shuffledTreeStep(i, n, companies int) int {
	c, q := i%companies, i/companies
	size := int64((n - c + companies - 1) / companies) // the company's employees
	if size < 2 {
		return 0
	}
	a := treeMultipliers[0]
	for _, m := range treeMultipliers {
		if size%m != 0 {
			a = m
			break
		}
	}
	// Both products stay below size², which fits an int64 for any phase
	// of fewer than three billion employees a company.
	node := int64(q) * a % size
	if node == 0 {
		return 0
	}
	position := (node - 1) / treeReports * modInverse(a, size) % size
	return (int(position)*companies + c) - i
}

// modInverse is the x in [0, m) with a·x ≡ 1 (mod m), for a prime to m
// (the extended Euclidean algorithm).
func modInverse(a, m int64) int64 {
	x, nextX := int64(0), int64(1)
	r, nextR := m, a%m
	for nextR != 0 {
		q := r / nextR
		x, nextX = nextX, x-q*nextX
		r, nextR = nextR, r-q*nextR
	}
	if x < 0 {
		x += m
	}
	return x
}
