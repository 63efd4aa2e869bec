package web

// pager is where one page of a paginated list stands (the employee list,
// the Activity page), as the "pager" template and the count line show it.
type pager struct {
	Total int
	// From and To number the page's rows (0 when it has none).
	From, To    int
	Page, Pages int
	// PrevURL and NextURL link the neighbouring pages ("" when none); a
	// page beyond the last links back to the last.
	PrevURL, NextURL string
}

// newPager places page (its first row at offset, rows rows) among total
// rows of PageSize a page; link is the address of a page number.
func newPager(page, offset, rows, total int, link func(page int) string) pager {
	p := pager{Total: total, Page: page, Pages: max(1, (total+PageSize-1)/PageSize)}
	if rows > 0 {
		p.From, p.To = offset+1, offset+rows
	}
	if p.Page > 1 {
		p.PrevURL = link(min(p.Page-1, p.Pages))
	}
	if p.Page < p.Pages {
		p.NextURL = link(p.Page + 1)
	}
	return p
}
