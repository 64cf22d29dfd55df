//! Offline size estimates: a catalog of real base-image sizes and Debian package sizes, each
//! figure with its source.

pub mod catalog;
mod catalog_data;
pub mod packages;
