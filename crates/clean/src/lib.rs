//! Text cleaning for polyprep.

pub mod boilerplate;
pub mod normalize;
pub mod repeats;
