package loadgen

import "testing"

// Each company's employees form one tree: every employee but one root
// reports to an employee of its own company, seven at most to each, and
// following managers from anyone reaches the root; some managers come
// before their reports, some after.
func TestShuffledTree(t *testing.T) {
	for _, tc := range []struct{ n, companies int }{{1, 1}, {2, 1}, {8, 1}, {1000, 1}, {7919 * 2, 1}, {5000, 3}, {10, 4}} {
		reports := map[int]int{}
		roots := map[int]int{}
		before, after := 0, 0
		manager := func(i int) int { return i + shuffledTreeStep(i, tc.n, tc.companies) }
		for i := range tc.n {
			step := shuffledTreeStep(i, tc.n, tc.companies)
			if step == 0 {
				roots[i%tc.companies]++
				continue
			}
			m := i + step
			if m < 0 || m >= tc.n || m%tc.companies != i%tc.companies {
				t.Fatalf("n %d over %d: %d reports to %d, outside its company", tc.n, tc.companies, i, m)
			}
			reports[m]++
			if m < i {
				before++
			} else {
				after++
			}
			seen := map[int]bool{i: true}
			for j := m; shuffledTreeStep(j, tc.n, tc.companies) != 0; j = manager(j) {
				if seen[j] {
					t.Fatalf("n %d over %d: %d's managers loop at %d", tc.n, tc.companies, i, j)
				}
				seen[j] = true
			}
		}
		for c := range min(tc.n, tc.companies) {
			if roots[c] != 1 {
				t.Errorf("n %d over %d: company %d has %d roots; want 1", tc.n, tc.companies, c, roots[c])
			}
		}
		for m, r := range reports {
			if r > treeReports {
				t.Errorf("n %d over %d: %d reports to %d", tc.n, tc.companies, r, m)
			}
		}
		if tc.n >= 1000 && (before < tc.n/10 || after < tc.n/10) {
			t.Errorf("n %d over %d: %d managers created before their reports, %d after; want both many", tc.n, tc.companies, before, after)
		}
	}
}

func TestModInverse(t *testing.T) {
	for _, tc := range []struct{ a, m, want int64 }{
		{3, 7, 5}, {7919, 10, 9}, {7919, 2, 1}, {7927, 7919 * 2, 8909}, {1, 5, 1}, {7933, 1_000_000, 608_597},
	} {
		if got := modInverse(tc.a, tc.m); got != tc.want || tc.a*got%tc.m != 1%tc.m {
			t.Errorf("modInverse(%d, %d) = %d; want %d", tc.a, tc.m, got, tc.want)
		}
	}
}
