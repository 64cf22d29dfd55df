//! One image's estimate, stage by stage and layer by layer: each base with where its figure
//! comes from, each layer with its parts and how each part is known. Drawn only while open: for
//! a long Dockerfile it is hundreds of elements that would otherwise be rebuilt on every keystroke.

use std::rc::Rc;

use slimfile_core::estimate::units::megabytes;
use slimfile_core::estimate::{Contribution, Evidence, LayerEstimate, StageEstimate};
use web_sys::HtmlDetailsElement;
use yew::prelude::*;

use crate::components::docs_view;
use crate::docs;
use crate::engine::Analysis;

/// Which image to break down.
#[derive(Properties, PartialEq)]
pub struct SizeBreakdownProps {
    /// The analysis whose estimate it is.
    pub analysis: Rc<Analysis>,
    /// The proposed image rather than the one as written.
    pub proposed: bool,
}

/// The stages and layers of one image, in a disclosure.
#[component]
pub fn SizeBreakdown(props: &SizeBreakdownProps) -> Html {
    let open = use_state(|| false);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |event: Event| {
            let details: HtmlDetailsElement = event.target_unchecked_into();
            open.set(details.open());
        })
    };
    let image = props.analysis.estimate.as_ref().map(|e| if props.proposed { &e.after } else { &e.before });
    let label = if props.proposed { "Per stage and layer, as proposed" } else { "Per stage and layer, as written" };
    html! {
        <details class="size-details" {ontoggle}>
            <summary>{label}</summary>
            if let (true, Some(image)) = (*open, image) {
                <ol class="stages">
                    { for image.stages.iter().map(|stage| stage_item(stage, image.final_stage)) }
                </ol>
            }
        </details>
    }
}

fn rich(text: &str) -> Html {
    docs::parse_inline(text).iter().map(docs_view::inline).collect()
}

fn stage_item(stage: &StageEstimate, final_stage: Option<usize>) -> Html {
    let name = stage.name.clone().unwrap_or_else(|| format!("stage {}", stage.index));
    let role = if Some(stage.index) == final_stage {
        "the final image"
    } else if stage.ships {
        "ships in the final image"
    } else {
        "builder: does not ship"
    };
    html! {
        <li class={classes!("stage", (!stage.ships).then_some("stage-builder"))}>
            <div class="stage-head">
                <strong>{name}</strong>{format!(" \u{b7} {role} \u{b7} ~{}", megabytes(stage.size.uncompressed_bytes))}
            </div>
            <ul class="layers">
                <li>
                    <span class="layer-size">{format!("~{}", megabytes(stage.base.size.uncompressed_bytes))}</span>
                    {"FROM "}<code>{&stage.base.reference}</code>
                    <div class="basis">{rich(&stage.base.basis)}</div>
                </li>
                { for stage.layers.iter().map(layer_item) }
            </ul>
        </li>
    }
}

fn layer_item(layer: &LayerEstimate) -> Html {
    html! {
        <li>
            <span class="layer-size">{format!("~{}", megabytes(layer.size.uncompressed_bytes))}</span>
            {format!("line {} {}", layer.line, layer.keyword)}
            <ul class="parts">{ for layer.contributions.iter().map(part_item) }</ul>
        </li>
    }
}

fn part_item(part: &Contribution) -> Html {
    let bytes = match part.uncompressed_bytes {
        Some(bytes) if part.upper_bound => format!("at most ~{}", megabytes(bytes)),
        Some(bytes) => format!("~{}", megabytes(bytes)),
        None => "unknown (counted as 0)".to_owned(),
    };
    let evidence = match part.evidence {
        Evidence::Measured => "measured",
        Evidence::Catalog => "catalog",
        Evidence::PackageTable => "Debian package table",
        Evidence::Assumption => "assumption",
        Evidence::Unknown => "unknown",
    };
    html! {
        <li class={classes!("part", format!("evidence-{}", part.evidence.as_str()))}>
            {rich(&part.what)}{": "}{bytes}
            <span class="evidence">{format!(" ({evidence})")}</span>
            <div class="basis">{rich(&part.basis)}</div>
        </li>
    }
}
