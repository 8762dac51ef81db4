//! The commands other than `import`.

pub mod reads;
pub mod sandbox;
pub mod schema;
pub mod writes;
