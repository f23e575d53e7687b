//! `opora-db`: the SurrealDB server (`opora-db start --bind 127.0.0.1:8000 surrealkv://DIR`),
//! with the same command line as SurrealDB's `surreal` binary, whose entry point it runs.

use std::process::ExitCode;
use surrealdb_server::core::CommunityComposer;

fn main() -> ExitCode {
    surrealdb_server::init(CommunityComposer())
}
