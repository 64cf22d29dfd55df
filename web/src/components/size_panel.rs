//! The size panel: the image as written and as proposed, on disk and compressed, with bars, the
//! change, the bloat ratio, and what every figure rests on. All figures are the core's estimate;
//! the panel only draws them.

use std::rc::Rc;

use slimfile_core::decimal::fixed;
use slimfile_core::estimate::units::{approximately, change};
use slimfile_core::estimate::{Extent, FileEstimate, ImageEstimate, Size};
use slimfile_core::stable_sort;
use yew::prelude::*;

use crate::comparison::bloat_ratio;
use crate::components::docs_view;
use crate::components::size_breakdown::SizeBreakdown;
use crate::docs;
use crate::engine::Analysis;

/// What the size panel shows.
#[derive(Properties, PartialEq)]
pub struct SizePanelProps {
    /// The latest analysis without an error, if there has been one.
    pub shown: Option<Rc<Analysis>>,
    /// Whether it is from an earlier input than the editor's (shown dimmed).
    pub stale: bool,
}

/// Before and after sizes with their grounds.
#[component]
pub fn SizePanel(props: &SizePanelProps) -> Html {
    let shown = props.shown.as_ref().and_then(|shown| shown.estimate.as_ref().map(|estimate| (shown, estimate)));
    let estimate = shown.map(|(_, estimate)| estimate);
    html! {
        <>
            <div class="pane-head">
                <h2 id="size-title">{"Image size"}</h2>
                if let Some(estimate) = estimate {
                    <span class={classes!("confidence", format!("confidence-{}", estimate.confidence().as_str()))}>
                        {format!("{} confidence", estimate.confidence().as_str())}
                    </span>
                }
            </div>
            <div class={classes!("size-body", props.stale.then_some("stale"))}>
                {
                    match shown {
                        Some((shown, estimate)) => summary(shown, estimate),
                        None => html! {
                            <>
                                <p class="empty">{"Fix the error in the editor to see the image's size."}</p>
                                <p data-testid="size-before" hidden=true></p>
                                <p data-testid="size-after" hidden=true></p>
                            </>
                        },
                    }
                }
            </div>
        </>
    }
}

fn summary(shown: &Rc<Analysis>, estimate: &FileEstimate) -> Html {
    let (before, after) = (estimate.before.size, estimate.after.size);
    let disk_scale = before.uncompressed_bytes.max(after.uncompressed_bytes);
    let download_scale = before.compressed_bytes.max(after.compressed_bytes);
    let rich = |text: &str| docs::parse_inline(text).iter().map(docs_view::inline).collect::<Html>();
    let weaker = if estimate.after.confidence.level < estimate.before.confidence.level {
        &estimate.after
    } else {
        &estimate.before
    };
    let mut notes: Vec<&String> = estimate.before.notes.iter().chain(&estimate.after.notes).collect();
    stable_sort::by_key(&mut notes, |note| *note);
    notes.dedup();
    html! {
        <>
            <div class="size-rows">
                {row("size-before", "As written", before, estimate.before.extent, disk_scale, download_scale)}
                {row("size-after", "Proposed", after, estimate.after.extent, disk_scale, download_scale)}
            </div>
            if estimate.change_is_known() {
                <p class="size-change">
                    <span class="size-change-figure">{change(before.uncompressed_bytes, after.uncompressed_bytes)}</span>
                    {" on disk"}
                    if let Some(ratio) = bloat_ratio(before.uncompressed_bytes, after.uncompressed_bytes) {
                        {" \u{b7} bloat ratio "}<strong data-testid="bloat-ratio">{ratio}</strong>
                        {" (the image as written, over the proposed one, on disk)"}
                    }
                </p>
            }
            { for estimate.substitutions().into_iter().map(|s| html! { <p class="size-substitution">{s.to_owned()}</p> }) }
            <details class="size-grounds" open=true>
                <summary>{"What these figures rest on"}</summary>
                <ul>
                    { for weaker.confidence.reasons.iter().chain(&estimate.after_note).map(|reason| html! {
                        <li>{rich(reason)}</li>
                    }) }
                    { for final_bases(&estimate.before).into_iter().chain(final_bases(&estimate.after)).map(|basis| html! {
                        <li class="basis">{rich(basis)}</li>
                    }) }
                    { for notes.into_iter().map(|note| html! { <li>{rich(note)}</li> }) }
                    <li>
                        {rich("The page cannot see your build context: the files it copies are assumed, not \
                               measured. `slimfile check` in your repository measures them.")}
                    </li>
                </ul>
            </details>
            <SizeBreakdown analysis={Rc::clone(shown)} proposed=false />
            <SizeBreakdown analysis={Rc::clone(shown)} proposed=true />
        </>
    }
}

/// One side: its on-disk and compressed figures, each with a bar on a scale shared with the
/// other side.
fn row(
    testid: &'static str,
    label: &'static str,
    size: Size,
    extent: Extent,
    disk_scale: u64,
    download_scale: u64,
) -> Html {
    let bar = |bytes: u64, scale: u64, class: &'static str| {
        let width = if scale == 0 { 0.0 } else { bytes as f64 / scale as f64 * 100.0 };
        html! {
            <span class="bar-track" aria-hidden="true">
                <span class={classes!("bar", class)} style={format!("width: {}%", fixed(width, 1))}></span>
            </span>
        }
    };
    html! {
        <div
            class="size-row"
            data-testid={testid}
            data-disk-bytes={size.uncompressed_bytes.to_string()}
            data-compressed-bytes={size.compressed_bytes.to_string()}
        >
            <span class="size-label">{label}</span>
            <span class="size-measure">
                {bar(size.uncompressed_bytes, disk_scale, "bar-disk")}
                <span class="size-figure">{format!("{} on disk", approximately(extent, size.uncompressed_bytes))}</span>
            </span>
            <span class="size-measure">
                {bar(size.compressed_bytes, download_scale, "bar-download")}
                <span class="size-figure">{format!("{} compressed", approximately(extent, size.compressed_bytes))}</span>
            </span>
        </div>
    }
}

/// Where the base figures of the shipped stages come from (the catalog entry and its source).
fn final_bases(image: &ImageEstimate) -> Vec<&str> {
    image.stages.iter().filter(|stage| stage.ships).map(|stage| stage.base.basis.as_str()).collect()
}
