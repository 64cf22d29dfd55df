//! One image's estimate, stage by stage and layer by layer: each base with where its figure
//! comes from, each layer with its parts and how each part is known.

use slimfile_core::estimate::units::megabytes;
use slimfile_core::estimate::{Contribution, Evidence, ImageEstimate, LayerEstimate, StageEstimate};
use yew::prelude::*;

use crate::components::docs_view;
use crate::docs;

/// Which image to break down.
#[derive(Properties, PartialEq)]
pub struct SizeBreakdownProps {
    /// The estimate of one image.
    pub image: ImageEstimate,
}

/// The stages and layers of one image.
#[component]
pub fn SizeBreakdown(props: &SizeBreakdownProps) -> Html {
    html! {
        <ol class="stages">
            { for props.image.stages.iter().map(|stage| stage_item(stage, props.image.final_stage)) }
        </ol>
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
