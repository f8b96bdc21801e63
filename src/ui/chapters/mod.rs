//! One file per layer: prose and the widgets that show it.

mod beyond;
mod layer1;
mod layer2;
mod layer3;
mod layer4;
mod layer5;
mod prologue;

pub use layer1::Layer1;
pub use prologue::Prologue;

use crate::ui::registry::ChapterDef;

/// The chapter bodies of the `More` bundle, mounted into the main bundle's `LaterChapter`s.
pub static MORE_CHAPTERS: &[ChapterDef] = &[
    ChapterDef { id: "layer-2", render: layer2::body },
    ChapterDef { id: "layer-3", render: layer3::body },
    ChapterDef { id: "layer-4", render: layer4::body },
];

/// The chapter body of the `Adaptive` bundle (Layer 5).
pub static ADAPTIVE_CHAPTERS: &[ChapterDef] = &[ChapterDef { id: "layer-5", render: layer5::body }];

/// The chapter body of the `Beyond` bundle.
pub static BEYOND_CHAPTERS: &[ChapterDef] = &[ChapterDef { id: "beyond", render: beyond::body }];
