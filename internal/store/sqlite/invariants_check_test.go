package sqlite

import "roster/internal/store/storetest"

func init() { storetest.CheckStoreInvariants() }
