//! Entry point: in the browser, mount the tutorial and any host-page widgets.

fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        console_error_panic_hook::set_once();
        sgd_layers::ui::start();
    }
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("SGD Layers runs in the browser: `make serve`, then open http://127.0.0.1:8080. The core is a library: `cargo test`, `cargo doc`.");
}
