//! The server of Опора: configuration, the database and its migrations, the HTTP stack, the
//! command line. The product itself lives in the `app` crate.

pub mod backup;
pub mod calendar_data;
pub mod config;
pub mod db;
pub mod generate;
pub mod http;
pub mod loopback;
pub mod seed;
pub mod seed_cases;
pub mod seed_resources;
pub mod seed_resources_data;
pub mod seed_routes;
pub mod seed_visits;
pub mod users;
