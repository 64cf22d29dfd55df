//! One module per subcommand.

pub mod check;
pub mod explain;
pub mod fix;
pub mod github;
pub mod verify;
