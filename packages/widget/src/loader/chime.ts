/**
 * A short two-note chime for a message arriving while the widget is closed, synthesized (no sound
 * file to fetch). Browsers allow audio only after the visitor interacted with the page; a refused
 * one is silence.
 */
export function chime(): void {
  try {
    const audio = new AudioContext();
    const gain = audio.createGain();
    gain.gain.value = 0.08;
    gain.connect(audio.destination);
    [660, 880].forEach((frequency, index) => {
      const note = audio.createOscillator();
      note.frequency.value = frequency;
      note.connect(gain);
      note.start(audio.currentTime + index * 0.12);
      note.stop(audio.currentTime + index * 0.12 + 0.1);
    });
    setTimeout(() => void audio.close(), 500);
  } catch {
    // No audio here (or not yet allowed): the badge and the title still say it.
  }
}
