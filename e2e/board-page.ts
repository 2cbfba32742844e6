/** A person's view of the app, in the words they would use: add a pin, add a card, write. */
import { expect, type Locator, type Page } from "@playwright/test";

export class BoardPage {
  readonly map: Locator;
  readonly pins: Locator;
  readonly timeline: Locator;
  readonly cards: Locator;
  readonly narrative: Locator;
  readonly editor: Locator;
  readonly saveState: Locator;
  readonly pinPanel: Locator;
  readonly claimsPanel: Locator;
  readonly claimEditor: Locator;
  readonly reviewAttention: Locator;

  constructor(readonly page: Page) {
    this.map = page.getByTestId("map-pane");
    this.pins = page.getByTestId("pin-list");
    this.timeline = page.getByTestId("timeline-pane");
    this.cards = page.getByTestId("timeline-card");
    this.narrative = page.getByTestId("narrative-pane");
    this.editor = this.narrative.locator(".ProseMirror");
    this.saveState = page.getByTestId("save-state");
    this.pinPanel = page.getByTestId("pin-panel");
    this.claimsPanel = page.getByTestId("claims-panel");
    this.claimEditor = page.getByTestId("claim-editor");
    this.reviewAttention = page.getByTestId("review-attention");
  }

  /** The address this person signed up with. */
  email = "";

  /** Creates an account through the sign-up page and lands on the board list. */
  async signUp(name: string): Promise<void> {
    this.email = `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 10)}@example.com`;
    await this.page.goto("/signup");
    await this.page.getByLabel("Name").fill(name);
    await this.page.getByLabel("Email").fill(this.email);
    await this.page.getByLabel("Password").fill("correct horse battery");
    await this.page.getByRole("button", { name: "Create account" }).click();
    await expect(this.page.getByRole("heading", { name: "Situation Board", exact: true })).toBeVisible();
  }

  async signIn(email: string, password: string): Promise<void> {
    this.email = email;
    await this.page.goto("/signin");
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
    await expect(this.page.getByRole("heading", { name: "Situation Board", exact: true })).toBeVisible();
  }

  /** Opens the members panel and gives `email` a role on this board. */
  async invite(email: string, role: "Owner" | "Editor" | "Reviewer" | "Viewer"): Promise<void> {
    const panel = await this.openMembers();
    await panel.getByLabel("Email to invite").fill(email);
    await panel.getByLabel("Role for the invitation").selectOption({ label: role });
    await panel.getByRole("button", { name: "Invite" }).click();
    await expect(panel.getByTestId("member").filter({ hasText: email })).toBeVisible();
  }

  /** Opens the bell's inbox (which reads it afresh) and returns it. */
  async openNotifications(): Promise<Locator> {
    const inbox = this.page.getByRole("dialog", { name: "Notifications" });
    if (!(await inbox.isVisible())) await this.page.getByRole("button", { name: /^Notifications/ }).click();
    await expect(inbox).toBeVisible();
    return inbox;
  }

  async openMembers(): Promise<Locator> {
    const panel = this.page.getByRole("dialog", { name: "Members" });
    if (!(await panel.isVisible())) await this.page.getByRole("button", { name: "Share" }).click();
    await expect(panel.getByTestId("member").first()).toBeVisible();
    return panel;
  }

  /** Creates a board from the board list and lands on it; returns its id. */
  async createBoard(title: string, question: string): Promise<string> {
    if (new URL(this.page.url()).pathname !== "/") await this.page.goto("/");
    await this.page.getByLabel("Board title").fill(title);
    await this.page.getByLabel("Question").fill(question);
    await this.page.getByRole("button", { name: "Create board" }).click();
    await this.page.waitForURL(/\/boards\/[A-Za-z0-9_-]+$/);
    await this.waitUntilLoaded();
    return this.page.url().split("/").pop()!;
  }

  async open(boardId: string): Promise<void> {
    await this.page.goto(`/boards/${boardId}`);
    await this.waitUntilLoaded();
  }

  async waitUntilLoaded(): Promise<void> {
    await expect(this.saveState).toHaveText("Saved");
    await expect(this.map).toHaveAttribute("data-map-ready", "true");
  }

  /** Clicks the map at a fraction of its size and names the new pin. */
  async addPinByClick(title: string, at = { x: 0.5, y: 0.5 }): Promise<void> {
    const canvas = this.map.locator("canvas");
    const box = (await canvas.boundingBox())!;
    await canvas.click({ position: { x: box.width * at.x, y: box.height * at.y } });
    await this.page.getByLabel("Pin title").fill(title);
    await this.page.getByRole("button", { name: "Add pin" }).click();
    await expect(this.pins).toContainText(title);
  }

  /** Chooses a pin from the list under the map; its panel opens. */
  async selectPin(title: string): Promise<void> {
    await this.pins.getByRole("button", { name: title }).click();
    await expect(this.pinPanel.getByLabel("Title")).toHaveValue(title);
  }

  /** "lat, lng" of the selected pin as its panel shows it. */
  pinCoordinates(): Locator {
    return this.pinPanel.getByTestId("pin-coordinates");
  }

  /** Renames the selected pin in its panel. */
  async renamePin(title: string): Promise<void> {
    const field = this.pinPanel.getByLabel("Title");
    await field.fill(title);
    await field.press("Enter");
    await expect(this.pins).toContainText(title);
  }

  /**
   * Presses on the pin drawn at a fraction of the map (once the pointer shows it is over a pin)
   * and drags it by `by` pixels.
   */
  async dragPin(at: { x: number; y: number }, by: { x: number; y: number }, overPinCursor = "move"): Promise<void> {
    const canvas = this.map.locator("canvas");
    const box = (await canvas.boundingBox())!;
    const x = box.x + box.width * at.x;
    const y = box.y + box.height * at.y;
    await expect(async () => {
      await this.page.mouse.move(x + 2, y + 2);
      await this.page.mouse.move(x, y);
      await expect(canvas).toHaveCSS("cursor", overPinCursor, { timeout: 500 });
    }).toPass();
    await this.page.mouse.down();
    for (let step = 1; step <= 10; step++) await this.page.mouse.move(x + (by.x * step) / 10, y + (by.y * step) / 10);
    await this.page.mouse.up();
  }

  /** Moves the mouse over the map at a fraction of its size. */
  async pointAt(at: { x: number; y: number }): Promise<void> {
    const box = (await this.map.locator("canvas").boundingBox())!;
    await this.page.mouse.move(box.x + box.width * at.x, box.y + box.height * at.y, { steps: 3 });
  }

  /** The place search field, a combobox. */
  placeSearch(): Locator {
    return this.map.getByRole("combobox", { name: "Search places" });
  }

  /** The places the search offers, best first. */
  placesFound(): Locator {
    return this.map.getByRole("listbox", { name: "Places found" });
  }

  /** Finds a place in the offline gazetteer and adds a pin there, named after it. */
  async addPinBySearch(query: string, choice: string | RegExp): Promise<void> {
    await this.placeSearch().fill(query);
    await this.placesFound().getByRole("option", { name: choice }).click();
    await this.page.getByRole("button", { name: "Add pin" }).click();
    await expect(this.pinPanel).toBeVisible();
  }

  async addCard(card: { title: string; date: string; source: string }): Promise<void> {
    const toggle = this.timeline.getByRole("button", { name: "New card" });
    if (await toggle.isVisible()) await toggle.click();
    await this.timeline.getByLabel("Card title").fill(card.title);
    await this.timeline.getByLabel("Card date").fill(card.date);
    await this.timeline.getByLabel("Source title").fill(card.source);
    await this.timeline.getByRole("button", { name: "Add card" }).click();
    await expect(this.cards.filter({ hasText: card.title })).toBeVisible();
  }

  /** Imports a file through the timeline's Import dialog and waits until its events are on the board. */
  async importFile(file: string, mode: "every row valid" | "valid rows" = "every row valid"): Promise<void> {
    await this.timeline.getByRole("button", { name: "Import" }).click();
    const dialog = this.page.getByRole("dialog", { name: "Import events" });
    await dialog.getByLabel("File to import").setInputFiles(file);
    await expect(dialog.getByLabel("Import progress")).toBeVisible();
    await expect(dialog.getByTestId("import-report")).toContainText("ready to import");
    await expect(dialog.getByLabel("Import progress")).toHaveAttribute("value", "1");
    await dialog.getByLabel(mode === "every row valid" ? /Import only if every (row|placemark) is valid/ : /Import the valid (rows|placemarks)/).check();
    await dialog.getByRole("button", { name: "Import", exact: true }).click();
    await expect(this.page.getByTestId("timeline-toast")).toContainText(/Imported \d+ (events?|placemarks?)/);
  }

  /** The card whose title contains `title`. */
  card(title: string): Locator {
    return this.cards.filter({ hasText: title });
  }

  async selectCard(title: string): Promise<Locator> {
    const card = this.card(title);
    await card.getByRole("button", { name: title }).click();
    await expect(card).toHaveAttribute("data-selected", "true");
    return card;
  }

  /** Types a time window into the timeline's From/To fields. */
  async setTimeWindow(from: string, to: string): Promise<void> {
    await this.timeline.getByLabel("Window from").fill(from);
    await this.timeline.getByLabel("Window to").fill(to);
  }

  /** Types a new paragraph at the end of the narrative. */
  async write(sentence: string): Promise<void> {
    await this.editor.click();
    await this.page.keyboard.press("ControlOrMeta+End");
    await this.page.keyboard.press("Enter");
    await this.page.keyboard.type(sentence);
    await expect(this.editor).toContainText(sentence);
  }

  /** Selects `text` in the narrative, as a person would drag over it. */
  async selectText(text: string): Promise<void> {
    await this.editor.click();
    await this.editor.evaluate((root, wanted) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(wanted);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + wanted.length);
        document.getSelection()!.removeAllRanges();
        document.getSelection()!.addRange(range);
        return;
      }
      throw new Error(`"${wanted}" is not in the narrative`);
    }, text);
  }

  /** Marks `text` of the narrative as a claim with a likelihood (as listed, e.g. "likely (55–80%)") and confidence. */
  async markClaim(text: string, likelihood: string, confidence: "Low confidence" | "Moderate confidence" | "High confidence"): Promise<void> {
    await this.selectText(text);
    await expect(this.page.getByRole("button", { name: "Mark as claim" })).toBeEnabled();
    await this.page.getByRole("button", { name: "Mark as claim" }).click();
    const form = this.page.getByRole("dialog", { name: "Mark as claim" });
    await form.getByLabel("Likelihood").selectOption({ label: likelihood });
    await form.getByLabel("Confidence").selectOption({ label: confidence });
    await form.getByRole("button", { name: "Mark claim" }).click();
    await expect(this.editor.locator("span.claim", { hasText: text })).toBeVisible();
  }

  /** The claims panel's row of the claim whose text contains `text`. */
  claimRow(text: string): Locator {
    return this.claimsPanel.getByTestId("claim-row").filter({ hasText: text });
  }

  /** Opens the claims tab and the claim whose text contains `text`; returns its details. */
  async openClaim(text: string): Promise<Locator> {
    await this.narrative.getByRole("tab", { name: "Claims" }).click();
    const row = this.claimRow(text);
    if ((await row.getByRole("button", { name: text }).getAttribute("aria-expanded")) !== "true") {
      await row.getByRole("button", { name: text }).click();
    }
    await expect(row.getByTestId("claim-editor")).toBeVisible();
    return row.getByTestId("claim-editor");
  }

  /** Cites a card or pin found by the claim's evidence search. */
  async citeBySearch(claim: Locator, query: string, title: string): Promise<void> {
    await claim.getByLabel("Search cards and pins").fill(query);
    await claim.getByRole("list", { name: "Evidence found" }).getByRole("button", { name: title }).click();
    await expect(claim.getByTestId("claim-evidence")).toContainText(title);
  }

  /** Cites a card by picking it on the timeline. */
  async citeByPickingCard(claim: Locator, title: string): Promise<void> {
    await claim.getByRole("button", { name: "Pick a card on the timeline" }).click();
    await expect(this.page.getByTestId("card-pick")).toBeVisible();
    await this.card(title).getByRole("button", { name: title }).click();
    await expect(claim.getByTestId("claim-evidence")).toContainText(title);
  }

  /** Writes a comment in a comment box, mentioning `mention` (a member's name) through the @ menu. */
  async writeComment(box: Locator, text: string, mention?: string): Promise<void> {
    await box.fill(text);
    if (!mention) return;
    await box.press("End");
    await box.pressSequentially(` @${mention.slice(0, 3)}`);
    await this.page.getByRole("listbox", { name: "People to mention" }).getByRole("button", { name: mention }).click();
    await expect(box).toHaveValue(`${text} @${mention} `);
  }

  /** The scenes panel, opened from the header if it is not open yet. */
  async openScenes(): Promise<Locator> {
    const panel = this.page.getByRole("dialog", { name: "Scenes" });
    if (!(await panel.isVisible())) await this.page.getByRole("button", { name: "Scenes", exact: true }).click();
    await expect(panel).toBeVisible();
    return panel;
  }

  /** Captures what this person is looking at as a scene called `title`. */
  async captureScene(title: string): Promise<void> {
    const panel = await this.openScenes();
    await panel.getByLabel("Scene title").fill(title);
    await panel.getByRole("button", { name: "Capture scene" }).click();
    await expect(panel.getByTestId("scene").last().getByRole("textbox").first()).toHaveValue(title);
  }

  /** Where the map is, as its `data-view` says once it has stopped moving. */
  async mapView(): Promise<{ lng: number; lat: number; zoom: number }> {
    const [lng, lat, zoom] = ((await this.map.getAttribute("data-view")) ?? "").split(",").map(Number);
    return { lng, lat, zoom };
  }

  /** Drags the map by `by` pixels from a spot away from the middle (where pins tend to be). */
  async panMap(by: { x: number; y: number }): Promise<void> {
    const box = (await this.map.locator("canvas").boundingBox())!;
    const x = box.x + box.width * 0.2;
    const y = box.y + box.height * 0.8;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    for (let step = 1; step <= 10; step++) await this.page.mouse.move(x + (by.x * step) / 10, y + (by.y * step) / 10);
    await this.page.mouse.up();
  }

  /** "<name> is presenting — Follow", for people not following yet. */
  get presentingBanner(): Locator {
    return this.page.getByTestId("presenting-banner");
  }

  /** What a follower sees: whom they follow, the scene, and the way back after stepping away. */
  get followBar(): Locator {
    return this.page.getByTestId("follow-bar");
  }

  /** The presenter's own view: the scene, speaker notes, the strip and the followers. */
  get presenterView(): Locator {
    return this.page.getByTestId("presenter-view");
  }

  async expectSaved(): Promise<void> {
    await expect(this.saveState).toHaveText("Saved");
  }
}

/** The hypotheses panel of a board, in the words an analyst would use. */
export class HypothesesPanel {
  readonly panel: Locator;
  readonly matrix: Locator;

  constructor(readonly board: BoardPage) {
    this.panel = board.page.getByRole("dialog", { name: "Hypotheses" });
    this.matrix = this.panel.getByTestId("ach-matrix");
  }

  /** Opens the panel from the header if it is not open yet. */
  async open(): Promise<this> {
    if (!(await this.panel.isVisible())) await this.board.page.getByRole("button", { name: "Hypotheses", exact: true }).click();
    await expect(this.panel).toBeVisible();
    return this;
  }

  async close(): Promise<void> {
    await this.panel.getByRole("button", { name: "Close hypotheses" }).click();
    await expect(this.panel).toHaveCount(0);
  }

  async add(title: string): Promise<void> {
    await this.panel.getByLabel("New hypothesis").fill(title);
    await this.panel.getByRole("button", { name: "Add", exact: true }).click();
    await expect(this.panel.getByTestId("hypothesis").last().getByRole("textbox").first()).toHaveValue(title);
  }

  /** The matrix cell of the card whose title contains `card` and the hypothesis titled `hypothesis`. */
  cell(card: string, hypothesis: string): Locator {
    return this.matrix.getByRole("cell", { name: new RegExp(`^${escapeRegExp(card)}.*, ${escapeRegExp(hypothesis)}:`) });
  }

  /** The column header of a hypothesis (its title, score and rank). */
  column(hypothesis: string): Locator {
    return this.matrix.getByTestId("ach-column").filter({ hasText: hypothesis });
  }

  /** Shows this person's own ratings or the group's. */
  async view(which: "My matrix" | "Group"): Promise<void> {
    await this.panel.getByRole("button", { name: which, exact: true }).click();
    await expect(this.panel.getByRole("button", { name: which, exact: true })).toHaveAttribute("aria-pressed", "true");
  }

  /** Rates a cell by clicking it and typing the rating's keys (e.g. "c", "Shift+I"). */
  async rate(card: string, hypothesis: string, key: string): Promise<void> {
    const cell = this.cell(card, hypothesis);
    await cell.click();
    await cell.press(key);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
