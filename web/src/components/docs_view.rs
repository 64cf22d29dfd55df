//! Draws the blocks and inline runs of [`crate::docs`]: rule pages, and the `code` marks in
//! finding messages.

use yew::prelude::*;

use crate::docs::{Block, Inline};

/// One block of a docs page.
pub fn block(block: &Block) -> Html {
    match block {
        Block::Heading(1, text) => html! { <h2>{ for text.iter().map(inline) }</h2> },
        Block::Heading(_, text) => html! { <h3>{ for text.iter().map(inline) }</h3> },
        Block::Paragraph(text) => html! { <p>{ for text.iter().map(inline) }</p> },
        Block::Code(_, code) => html! { <pre class="code">{code}</pre> },
        Block::List(items) => html! {
            <ul>{ for items.iter().map(|item| html! { <li>{ for item.iter().map(inline) }</li> }) }</ul>
        },
    }
}

/// One run of text.
pub fn inline(run: &Inline) -> Html {
    match run {
        Inline::Text(text) => html! { {text} },
        Inline::Code(text) => html! { <code>{text}</code> },
        Inline::Strong(text) => html! { <strong>{text}</strong> },
        Inline::Emphasis(text) => html! { <em>{text}</em> },
    }
}
