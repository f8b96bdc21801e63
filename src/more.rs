//! Entry point of the second wasm bundle: the widgets of Layer 2 onwards. The main bundle
//! fetches it when a reader comes near one of them (or opens one with `?widget=`), so a first
//! visit does not download it.

fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        console_error_panic_hook::set_once();
        sgd_layers::ui::start_more();
    }
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("This is the second wasm bundle of SGD Layers; it runs in the browser (`make serve`).");
}
