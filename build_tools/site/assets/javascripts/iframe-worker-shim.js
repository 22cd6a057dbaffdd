/*
 * Offline search from file:// pages, with no inline script.
 *
 * A browser refuses to start a Web Worker from a page opened from disk, so on file:// this replaces
 * `Worker` with a stand-in that runs the worker's script in a hidden frame of the same page (the idea of
 * iframe-worker by Martin Donath, MIT; written anew here). Everything the frame needs is set on its window
 * from this script and its scripts are added as elements with a `src`, never written as inline code: the
 * site's Content-Security-Policy allows scripts from the site itself only, and this keeps within it.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:") {
    return;
  }

  function addScript(frameDocument, url) {
    return new Promise(function (resolve, reject) {
      var script = frameDocument.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = reject;
      frameDocument.body.appendChild(script);
    });
  }

  function FrameWorker(url) {
    var target = new EventTarget();
    var worker = this;
    var frame = document.createElement("iframe");
    frame.hidden = true;
    document.body.appendChild(frame);
    var scope = frame.contentWindow;
    var frameDocument = frame.contentDocument;
    if (!frameDocument.body) {
      frameDocument.documentElement.appendChild(frameDocument.createElement("body"));
    }

    // What the worker's script calls: postMessage answers this page, importScripts loads in order.
    scope.postMessage = function (data) {
      var event = new MessageEvent("message", { data: data });
      target.dispatchEvent(event);
      if (typeof worker.onmessage === "function") {
        worker.onmessage(event);
      }
    };
    scope.importScripts = function () {
      var urls = Array.prototype.slice.call(arguments);
      return urls.reduce(function (done, next) {
        return done.then(function () { return addScript(frameDocument, next); });
      }, Promise.resolve());
    };
    scope.addEventListener("error", function (failure) {
      var event = new ErrorEvent("error", { message: failure.message, filename: String(url), error: failure.error });
      target.dispatchEvent(event);
      if (typeof worker.onerror === "function") {
        worker.onerror(event);
      }
    });

    this.ready = addScript(frameDocument, String(url) + "?" + Date.now());
    this.frame = frame;
    this.addEventListener = target.addEventListener.bind(target);
    this.removeEventListener = target.removeEventListener.bind(target);
    this.dispatchEvent = target.dispatchEvent.bind(target);
  }

  // What this page calls: postMessage reaches the worker's script once it has loaded.
  FrameWorker.prototype.postMessage = function (data) {
    var frame = this.frame;
    this.ready.then(function () {
      frame.contentWindow.dispatchEvent(new MessageEvent("message", { data: structuredClone(data) }));
    });
  };
  FrameWorker.prototype.terminate = function () {
    this.frame.remove();
  };

  // Material's search worker looks for this name: in a frame, it finds its files beside its own <script src>.
  window.IFrameWorker = FrameWorker;
  window.Worker = FrameWorker;
})();
