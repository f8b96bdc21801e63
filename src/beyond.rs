//! Entry point of the `Beyond` wasm bundle: the chapter and widgets of Beyond the layers. The main bundle
//! fetches it when a reader comes near one of them (or opens one with `?widget=`), so a first
//! visit does not download it.

fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        console_error_panic_hook::set_once();
        sgd_layers::ui::start_bundle(sgd_layers::ui::registry::Bundle::Beyond);
    }
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("This is a lazily fetched wasm bundle of SGD Layers; it runs in the browser (`make serve`).");
}
