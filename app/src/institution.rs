//! The institution Опора serves, as its printed forms head their pages: the name, the address
//! of the department and its telephone. One place for every letter, agreement and report.

/// The institution's full name.
pub const INSTITUTION: &str = "БУ «Югорский комплексный центр социального обслуживания населения»";
/// The institution's short name, as the parties of an agreement are named.
pub const INSTITUTION_SHORT: &str = "БУ «Югорский КЦСОН»";
/// The address where the department receives people and keeps its rental point.
pub const ADDRESS: &str = "628260, Ханты-Мансийский автономный округ — Югра, г. Югорск, ул. Менделеева, д. 23";
/// The department's telephone.
pub const PHONE: &str = "+7 (34675) 7-04-44";
