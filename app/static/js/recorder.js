// The recorder of templates/edit/_recorder.html: record from the microphone as PCM (Web Audio
// API), show the level, play back, trim, and put the result in the form's file field as a
// 16-bit WAV, so the same form saves a recording made here or a file chosen from disk. WAV,
// not the browser's WebM/Opus: the server's audio stack (libsndfile) decodes WAV without
// ffmpeg.
(function () {
  "use strict";

  function wav(samples, rate) {
    var view = new DataView(new ArrayBuffer(44 + samples.length * 2));
    function text(offset, value) {
      for (var i = 0; i < value.length; i += 1) {
        view.setUint8(offset + i, value.charCodeAt(i));
      }
    }
    text(0, "RIFF");
    view.setUint32(4, 36 + samples.length * 2, true);
    text(8, "WAVE");
    text(12, "fmt ");
    view.setUint32(16, 16, true);
    view.setUint16(20, 1, true);  // PCM
    view.setUint16(22, 1, true);  // mono
    view.setUint32(24, rate, true);
    view.setUint32(28, rate * 2, true);
    view.setUint16(32, 2, true);
    view.setUint16(34, 16, true);
    text(36, "data");
    view.setUint32(40, samples.length * 2, true);
    for (var i = 0; i < samples.length; i += 1) {
      var s = Math.max(-1, Math.min(1, samples[i]));
      view.setInt16(44 + i * 2, s < 0 ? s * 0x8000 : s * 0x7fff, true);
    }
    return new Blob([view.buffer], { type: "audio/wav" });
  }

  function setUp(form) {
    var controls = form.querySelector(".record-controls");
    var start = form.querySelector(".record-start");
    var stop = form.querySelector(".record-stop");
    var meter = form.querySelector(".record-level");
    var status = form.querySelector(".record-status");
    var playback = form.querySelector(".record-playback");
    var trim = form.querySelector(".record-trim");
    var trimStart = form.querySelector(".trim-start");
    var trimEnd = form.querySelector(".trim-end");
    var file = form.querySelector(".record-file");
    var source = form.querySelector("input[name=source]");
    if (!navigator.mediaDevices || !window.AudioContext || !window.DataTransfer) {
      return;  // the file field still uploads
    }
    controls.hidden = false;
    var context = null;
    var stream = null;
    var processor = null;
    var chunks = [];
    var rate = 48000;
    var recorded = null;

    function useTrimmed() {
      if (!recorded) {
        return;
      }
      var from = Math.max(0, Math.round(parseFloat(trimStart.value || "0") * rate));
      var to = Math.min(recorded.length, Math.round(parseFloat(trimEnd.value || "0") * rate));
      if (!(to > from)) {
        to = recorded.length;
      }
      var blob = wav(recorded.subarray(from, to), rate);
      if (playback.src) {
        URL.revokeObjectURL(playback.src);
      }
      playback.src = URL.createObjectURL(blob);
      playback.hidden = false;
      var transfer = new DataTransfer();
      transfer.items.add(new File([blob], "recording.wav", { type: "audio/wav" }));
      file.files = transfer.files;
      source.value = "browser";
    }

    start.addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (media) {
        stream = media;
        context = new AudioContext();
        rate = context.sampleRate;
        var input = context.createMediaStreamSource(stream);
        // ScriptProcessorNode: deprecated but everywhere, and it needs no separate module
        // file (an AudioWorklet would); a few seconds of speech is no load for it.
        processor = context.createScriptProcessor(4096, 1, 1);
        chunks = [];
        processor.onaudioprocess = function (event) {
          var data = event.inputBuffer.getChannelData(0);
          chunks.push(new Float32Array(data));
          var sum = 0;
          for (var i = 0; i < data.length; i += 1) {
            sum += data[i] * data[i];
          }
          meter.value = Math.min(1, Math.sqrt(sum / data.length) * 4);
        };
        input.connect(processor);
        processor.connect(context.destination);
        start.disabled = true;
        stop.disabled = false;
        status.textContent = form.getAttribute("data-label-recording");
      }).catch(function (error) {
        status.textContent = form.getAttribute("data-label-denied")
          .replace("{reason}", error && error.message ? error.message : String(error));
      });
    });

    stop.addEventListener("click", function () {
      processor.disconnect();
      stream.getTracks().forEach(function (track) { track.stop(); });
      context.close();
      var length = chunks.reduce(function (sum, chunk) { return sum + chunk.length; }, 0);
      recorded = new Float32Array(length);
      var offset = 0;
      chunks.forEach(function (chunk) {
        recorded.set(chunk, offset);
        offset += chunk.length;
      });
      var seconds = (length / rate).toFixed(1);
      trimStart.value = "0";
      trimStart.max = seconds;
      trimEnd.max = seconds;
      trimEnd.value = seconds;
      trim.hidden = false;
      meter.value = 0;
      start.disabled = false;  // record again: redo
      stop.disabled = true;
      status.textContent = form.getAttribute("data-label-recorded").replace("{seconds}", seconds);
      useTrimmed();
    });

    trimStart.addEventListener("change", useTrimmed);
    trimEnd.addEventListener("change", useTrimmed);
    file.addEventListener("change", function () {
      if (source.value === "browser" && file.files.length && file.files[0].name !== "recording.wav") {
        source.value = "upload";  // a file chosen after recording replaces the recording
        recorded = null;
      }
    });
  }

  document.querySelectorAll("form.recorder").forEach(setUp);
})();
