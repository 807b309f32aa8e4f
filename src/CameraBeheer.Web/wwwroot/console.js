// The one piece of script the console has: the control room's audible cue for a new or escalated alert.
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
  }
};
