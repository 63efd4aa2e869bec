package loadgen

import "math/big"

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
	a := big.NewInt(treeMultipliers[0])
	for _, m := range treeMultipliers {
		if size%m != 0 {
			a = big.NewInt(m)
			break
		}
	}
	mod := big.NewInt(size)
	node := new(big.Int).Mod(new(big.Int).Mul(big.NewInt(int64(q)), a), mod).Int64()
	if node == 0 {
		return 0
	}
	inverse := new(big.Int).ModInverse(a, mod)
	position := new(big.Int).Mod(new(big.Int).Mul(big.NewInt((node-1)/treeReports), inverse), mod).Int64()
	return (int(position)*companies + c) - i
}
