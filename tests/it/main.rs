//! The integration tests, in one binary with a module per area. One binary
//! links the library and its dependencies once (a debug test binary is about
//! 200 MB; thirty of them filled CI's disk), and a module path filter picks
//! an area: `cargo test --test it -- large::`, or the browser tests with
//! `cargo test --test it -- --ignored e2e::`.

mod common;

mod adversarial;
mod assessment;
mod build;
mod bulletin_assets;
mod bulletins;
mod check;
mod cli_language;
mod durability;
mod e2e;
mod e2e_layout;
mod exports;
mod files;
mod gallery_print;
mod honours;
mod hostile;
mod import;
mod large;
mod ledger;
mod links;
mod markup;
mod output;
mod photos;
mod problems;
mod reader_layout;
mod record_feeds;
mod regional;
mod review;
mod scaffold;
mod search;
mod serve;
mod source_shape;

mod urls;
mod yaml_slips;
