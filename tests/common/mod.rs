//! Helpers shared by the integration tests.
//!
//! Each test crate compiles this module on its own and uses only part of it.
#![allow(dead_code)]

pub mod doc;
pub mod gb;
pub mod pdf;
pub mod png;
pub mod raster;
