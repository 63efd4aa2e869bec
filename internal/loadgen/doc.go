// Package loadgen drives a SCIM server over HTTP the way identity
// providers do, and measures it: an Entra-style initial sync, steady
// updates, an Okta-style import, random eq lookups and Bulk creates.
// Each phase reports operations per second and latency percentiles.
//
// It also serves a storage-free SCIM handler (Ceiling) that answers the
// same requests with no storage or validation, so every result can be
// read as a fraction of what the HTTP/JSON layer of the machine allows.
//
// Counts bound every phase, and Config.PhaseLimit bounds its time: the
// tool never runs open-ended.
package loadgen
