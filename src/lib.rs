//! yanxue (研学) turns Markdown + YAML about science-education bases, scenic spots and study
//! routes into a static website. The build is a pipeline of plain values:
//! `load` → `model` → `validate` → `render` → `write`; `cli` sits on top.

pub mod config;
pub mod diag;
pub mod load;
pub mod model;
pub mod validate;
pub mod yaml;
