//! The one animation hook: play, pause, step, reset and speed, driven by
//! `requestAnimationFrame`, paused while the widget is off-screen or the tab is hidden.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// Signals and actions of one simulation. `Copy`, so it can move into any closure.
#[derive(Clone, Copy)]
pub struct Simulation {
    /// The user wants it to play.
    pub playing: RwSignal<bool>,
    /// Steps per animation frame.
    pub speed: RwSignal<u32>,
    /// Bumped whenever the simulated state changed: views that read the state track it.
    pub tick: RwSignal<u64>,
    /// The widget is on screen and the tab is visible.
    pub visible: RwSignal<bool>,
    advance: StoredValue<Rc<dyn Fn(u32) -> bool>, LocalStorage>,
    reset_fn: StoredValue<Rc<dyn Fn()>, LocalStorage>,
}

impl Simulation {
    pub fn play(&self) {
        self.playing.set(true);
    }
    pub fn pause(&self) {
        self.playing.set(false);
    }
    pub fn toggle(&self) {
        self.playing.update(|p| *p = !*p);
    }
    /// Exactly one step, and pause.
    pub fn step(&self) {
        self.playing.set(false);
        let f = self.advance.get_value();
        f(1);
        self.tick.update(|t| *t += 1);
    }
    /// Back to step 0, paused.
    pub fn reset(&self) {
        self.playing.set(false);
        let f = self.reset_fn.get_value();
        f();
        self.tick.update(|t| *t += 1);
    }
    /// Re-run the reset action without pausing (used when a parameter changes mid-play).
    pub fn restart(&self) {
        let f = self.reset_fn.get_value();
        f();
        self.tick.update(|t| *t += 1);
    }
}

/// Animate a simulation. `advance(n)` takes up to n steps and returns whether anything is
/// still running (false pauses the loop); `reset()` goes back to the start. `root` is the
/// widget's root element, watched with an IntersectionObserver.
pub fn use_simulation(
    root: NodeRef<leptos::html::Div>,
    advance: impl Fn(u32) -> bool + 'static,
    reset: impl Fn() + 'static,
) -> Simulation {
    simulation(root, Rc::new(advance), Rc::new(reset))
}

/// The body of [`use_simulation`], not generic: one copy in the wasm however many widgets
/// call it.
fn simulation(root: NodeRef<leptos::html::Div>, advance: Rc<dyn Fn(u32) -> bool>, reset: Rc<dyn Fn()>) -> Simulation {
    let sim = Simulation {
        playing: RwSignal::new(false),
        speed: RwSignal::new(1),
        tick: RwSignal::new(0),
        visible: RwSignal::new(true),
        advance: StoredValue::new_local(advance),
        reset_fn: StoredValue::new_local(reset),
    };
    let on_screen = RwSignal::new(true);
    let tab_visible = RwSignal::new(!document().hidden());
    Effect::new(move |_| sim.visible.set(on_screen.get() && tab_visible.get()));

    // Tab visibility.
    let vis_cb = Closure::<dyn Fn()>::new(move || tab_visible.set(!document().hidden()));
    let _ = document().add_event_listener_with_callback("visibilitychange", vis_cb.as_ref().unchecked_ref());
    let vis_cb = SendWrapper::new(vis_cb);

    // On-screen visibility, once the root element exists.
    let observer: Rc<RefCell<Option<web_sys::IntersectionObserver>>> = Rc::new(RefCell::new(None));
    let obs_slot = SendWrapper::new(observer.clone());
    Effect::new(move |_| {
        let Some(el) = root.get() else { return };
        if obs_slot.borrow().is_some() {
            return;
        }
        let cb = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
            if let Some(e) = entries.iter().last().and_then(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok()) {
                on_screen.set(e.is_intersecting());
            }
        });
        if let Ok(obs) = web_sys::IntersectionObserver::new(cb.as_ref().unchecked_ref()) {
            obs.observe(&el);
            *obs_slot.borrow_mut() = Some(obs);
        }
        cb.forget();
    });

    // Frame timing for benchmarks, only when a harness asks for it (`window.__SGD_PERF__`), so
    // the performance timeline never grows on an ordinary page.
    let perf = perf_enabled().then(|| window().performance()).flatten().map(SendWrapper::new);

    // The frame loop: one pending requestAnimationFrame at a time.
    let pending = Rc::new(Cell::new(false));
    let alive = Rc::new(Cell::new(true));
    let pending = SendWrapper::new(pending);
    let alive_c = SendWrapper::new(alive.clone());
    Effect::new(move |_| {
        let go = sim.playing.get() && sim.visible.get();
        sim.tick.track();
        if !go || pending.get() {
            return;
        }
        pending.set(true);
        let pending = (*pending).clone();
        let alive = (*alive_c).clone();
        let perf = perf.as_ref().map(|p| (**p).clone());
        request_animation_frame(move || {
            pending.set(false);
            if !alive.get() || !sim.playing.get_untracked() || !sim.visible.get_untracked() {
                return;
            }
            if let Some(p) = &perf {
                let _ = p.mark("sgd-frame-start");
            }
            let f = sim.advance.get_value();
            let running = f(sim.speed.get_untracked().max(1));
            if !running {
                sim.playing.set(false);
            }
            sim.tick.update(|t| *t += 1);
            if let Some(p) = perf {
                // Queued after the effects this tick woke (redraws, readouts), so the measure
                // spans the whole frame's work.
                leptos::task::spawn_local(async move {
                    let _ = p.measure_with_start_mark("sgd-frame", "sgd-frame-start");
                });
            }
        });
    });

    let alive = SendWrapper::new(alive);
    let observer = SendWrapper::new(observer);
    on_cleanup(move || {
        alive.set(false);
        let _ = document().remove_event_listener_with_callback("visibilitychange", vis_cb.as_ref().unchecked_ref());
        if let Some(o) = observer.borrow_mut().take() {
            o.disconnect();
        }
    });
    sim
}

/// Whether a benchmark harness asked for frame timing (`window.__SGD_PERF__ = true`).
pub fn perf_enabled() -> bool {
    js_sys::Reflect::get(&window(), &"__SGD_PERF__".into()).map(|v| v.is_truthy()).unwrap_or(false)
}
