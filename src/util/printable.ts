// Text from outside (a contract value, a server message) on its way into one of our lines: terminal
// escapes and control characters removed, and cut short, so it can neither repaint the terminal
// nor flood it.
export const printable = (value: string, max = 80): string => {
  const clean = value
    .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim();
  return clean.length > max ? `${clean.slice(0, max - 3)}...` : clean;
};
