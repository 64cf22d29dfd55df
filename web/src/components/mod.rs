//! The page's components, one per file.

pub mod docs_view;
pub mod editor;
pub mod examples_menu;
pub mod findings_list;
pub mod result_pane;
pub mod rewrite_note;
pub mod rule_docs;
pub mod share_button;
pub mod size_breakdown;
pub mod size_panel;
