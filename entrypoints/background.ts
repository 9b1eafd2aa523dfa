export default defineBackground(() => {
  // Wired up in later steps: badge, commands, context menu.
});
