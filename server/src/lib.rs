//! The server of Опора: configuration, the database and its migrations, the HTTP stack, the
//! command line. The product itself lives in the `app` crate.

pub mod backup;
pub mod bundle;
pub mod calendar_data;
pub mod config;
pub mod db;
pub mod generate;
pub mod health;
pub mod http;
pub mod loopback;
pub mod seed;
pub mod users;
