// The console's few pieces of script: the control room's audible cue for a new or escalated alert, and the words of a
// refused or missing segment when the video element cannot load it (the element itself only says "error").
window.cameraBeheer = {
  beep: function () {
    try {
      const context = new (window.AudioContext || window.webkitAudioContext)();
      const tone = context.createOscillator();
      tone.frequency.value = 880;
      tone.connect(context.destination);
      tone.start();
      tone.stop(context.currentTime + 0.4);
    } catch (e) { /* no audio device: the alert is still on screen */ }
  },
  playbackFailed: async function (video) {
    const box = document.getElementById(video.dataset.message);
    if (!box) return;
    try {
      const answer = await fetch(video.currentSrc || video.src, { headers: { Range: 'bytes=0-0' } });
      box.textContent = answer.ok ? video.dataset.unplayable : await answer.text();
    } catch (e) {
      box.textContent = video.dataset.unplayable;
    }
    box.hidden = false;
  }
};
