package postgres

import "roster/internal/store/storetest"

func init() { storetest.CheckStoreInvariants() }
