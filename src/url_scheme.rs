//! The URLs the site's own pages keep for themselves: fixed section
//! URLs, the prefixes of generated pages and the region ids they imply.
//! A leaf: content checks, the graph and the output check share it.

/// The id of the company-wide bulletin series: its issues are at
/// `/bulletins/all/<period>/` and its editor's notes in
/// `content/bulletins/all/`, beside those of each region.
pub const COMPANY_SERIES: &str = "all";

/// Region ids the URL scheme keeps for itself: a region with one of these
/// ids would share its URLs with the site's own pages. Refused by the
/// region profile check and by `regionpress new region`.
pub const RESERVED_REGION_IDS: &[&str] = &[COMPANY_SERIES];

/// True when a region may not have the id `id` ([`RESERVED_REGION_IDS`]).
pub fn is_reserved_region_id(id: &str) -> bool {
    RESERVED_REGION_IDS.contains(&id)
}

/// Fixed URLs that content may not claim, whether or not a page is
/// generated there (`/modes/` has none; `/search/` none without search).
pub const RESERVED: &[&str] =
    &["/", "/reports/", "/classes/", "/regions/", "/tags/", "/modes/", "/bulletins/", "/dashboard/", "/search/", "/honours/"];

/// URL prefixes under which only regionpress writes: the regional pages
/// generate URLs there (bulletin issues, dashboard years) from the content.
pub const RESERVED_PREFIXES: &[&str] = &["/bulletins/", "/dashboard/", "/honours/"];
