//! Language identification for polyprep.
