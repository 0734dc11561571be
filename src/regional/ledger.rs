//! The ledger of a region's member units per quarter:
//! who hosts (主办) and who only joins (参与), so that units that give much
//! and get little show.
//!
//! Definitions (docs/pages.md says the same):
//! - a report *is hosted* by the units of its `hosts:`; a host takes part
//!   whether or not `units:` repeats it;
//! - **hosted**: the published reports of the quarter the unit hosts;
//! - **joined**: the reports it takes part in (`units:`) without hosting;
//! - **participants hosted** / **participants joined**: the sum of the
//!   `participants` of those reports (a report without a count adds 0);
//! - a report without `hosts:` counts as joined by each of its units.
//!
//! Only the region's own member units are rows (in the region file's
//! order); quarters are those with at least one report of the region,
//! newest first. A report of two regions counts in each.

use chrono::Datelike;

use crate::graph::{PageNode, RegionNode};

/// One member unit's row of a quarter.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct LedgerRow {
    /// The unit's name.
    pub unit: String,
    /// Reports hosted.
    pub hosted: u64,
    /// Reports taken part in without hosting.
    pub joined: u64,
    /// Participants of the reports hosted.
    pub participants_hosted: u64,
    /// Participants of the reports joined.
    pub participants_joined: u64,
}

/// One quarter of a region's ledger.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LedgerQuarter {
    /// The year.
    pub year: i32,
    /// The quarter, 1 to 4.
    pub quarter: u32,
    /// Reports of the region in the quarter.
    pub reports: u64,
    /// Reports of the quarter that name no host.
    pub without_host: u64,
    /// One row per member unit, in the region file's order.
    pub rows: Vec<LedgerRow>,
}

/// The ledger of `region`, newest quarter first, from its published
/// reports (`region.reports`, indices into `nodes`).
pub fn ledger(region: &RegionNode, nodes: &[impl std::ops::Deref<Target = PageNode>]) -> Vec<LedgerQuarter> {
    let units = &region.region.units;
    let mut quarters: std::collections::BTreeMap<(i32, u32), LedgerQuarter> = Default::default();
    for &p in &region.reports {
        let doc = &nodes[p.index()].doc;
        let Some(date) = doc.date else { continue };
        let key = (date.year(), (date.month() - 1) / 3 + 1);
        let q = quarters.entry(key).or_insert_with(|| LedgerQuarter {
            year: key.0,
            quarter: key.1,
            reports: 0,
            without_host: 0,
            rows: units.iter().map(|u| LedgerRow { unit: u.name.clone(), ..Default::default() }).collect(),
        });
        q.reports += 1;
        if doc.hosts.is_empty() {
            q.without_host += 1;
        }
        let people = doc.participants.unwrap_or(0);
        for row in &mut q.rows {
            if doc.hosts.contains(&row.unit) {
                row.hosted += 1;
                row.participants_hosted = row.participants_hosted.saturating_add(people);
            } else if doc.units.contains(&row.unit) {
                row.joined += 1;
                row.participants_joined = row.participants_joined.saturating_add(people);
            }
        }
    }
    quarters.into_values().rev().collect()
}
