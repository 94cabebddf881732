//! End-to-end tests: the real `yanxue` binary over small fixture sites (one per scenario, under
//! `tests/fixtures/`) and over the shipped Chongqing site.

// Test code may stop at the first surprise; the no-unwrap rule is for the generator itself.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod browser;
mod build;
mod codes;
mod contacts;
mod crash;
mod diagnostics;
mod fix;
mod handout;
mod harness;
mod init;
mod languages;
mod languages_cli;
mod links;
mod live;
mod offline;
mod outputs;
mod planner;
mod safety_output;
mod safety_serve;
mod safety_sources;
mod safety_text;
mod search;
mod senior;
mod serve;
mod snapshots;
