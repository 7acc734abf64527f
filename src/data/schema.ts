/**
 * The data model, written once. TypeScript types are inferred from these schemas and the JSON
 * Schema for editors is exported from them (scripts/export-schema.ts), so the three cannot drift.
 * Objects are strict: a misspelt key is an error, not a silently ignored field.
 */
import { z } from "zod";
import { UNIT_IDS, unitSpec } from "./units.ts";
import { FORMATS } from "../options.ts";

// Each schema checks a handful of files per process: zod's generated fast paths (new Function per
// object shape) cost more to make than they save on so few parses. The checks are the same.
z.config({ jitless: true });

/**
 * Characters no output can carry: C0 and C1 controls (tab and line feed aside: YAML turns every
 * real line break into a line feed, so a carriage return can only come from an escape), lone surrogates
 * and the two noncharacters. PowerPoint rejects them in XML and PDF viewers draw them as boxes, so
 * they are refused where they enter, with the code point named.
 */
const UNPRINTABLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFFFE\uFFFF]|\p{Cs}/u;

export function unprintableCharacter(value: string): string | undefined {
  const found = UNPRINTABLE.exec(value);
  if (!found) return undefined;
  const code = found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
  return `contains the control character U+${code} at character ${found.index + 1}, which no output can show`;
}

/**
 * Directional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). Every output
 * orders right-to-left text itself, by the Unicode Bidirectional Algorithm; one of these in the data
 * reorders text beyond its field in a browser (an override in a city's name reversed the local name
 * after it on the deck's title slide) and differently in each output. The marks (U+200E, U+200F) stay.
 */
const DIRECTIONAL_FORMATTING = /[\u202A-\u202E\u2066-\u2069]/u;

export function directionalFormatting(value: string): string | undefined {
  const found = DIRECTIONAL_FORMATTING.exec(value);
  if (!found) return undefined;
  const code = found[0].codePointAt(0)!.toString(16).toUpperCase();
  return `contains the directional formatting character U+${code} at character ${found.index + 1}, which would reorder the text around it differently in each output`;
}

/**
 * The longest text a field may hold: some four brochure pages. Beyond it the layout's work grows
 * faster than the text (a 540 KB summary took half a minute, 5 MB never finished), for a field no
 * investor would read to its end.
 */
export const MAX_TEXT_LENGTH = 10_000;

const printable = <T extends z.ZodString>(schema: T) =>
  schema.superRefine((value, ctx) => {
    if (value.length > MAX_TEXT_LENGTH) {
      ctx.addIssue({
        code: "custom",
        message: `is ${value.length.toLocaleString("en")} characters long, more than the ${MAX_TEXT_LENGTH.toLocaleString("en")} a field may hold`,
        input: value,
        params: { hint: "shorten it: a profile's text is read in minutes; put the long version in a document of its own and name it as a source" },
      });
      return;
    }
    const problem = unprintableCharacter(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem, input: value });
    const directional = directionalFormatting(value);
    if (directional)
      ctx.addIssue({
        code: "custom",
        message: directional,
        input: value,
        params: { hint: "remove it: citypitch sets right-to-left text in its order itself (a left-to-right or right-to-left mark, U+200E or U+200F, is allowed)" },
      });
  });

/** Free text: any script, but never a control character. */
const plain = printable(z.string());
const text = printable(z.string().trim().min(1, "must not be empty"));
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date written YYYY-MM-DD")
  .refine((date) => {
    const parsed = new Date(`${date}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date);
  }, "is not a date in the calendar (check the month and the day)");
const year = z.number().int().min(1800).max(2200);
/** Figures are quantities a reader can read: finite and within a quadrillion either way. */
const quantity = z.number().min(-1e15).max(1e15);
const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, "expected a colour written #RRGGBB");
/** A BCP 47 language tag ("en", "zh-Hans", "pt-BR"): it becomes an attribute, so nothing else may pass. */
export const LanguageTag = z.string().refine((tag) => {
  if (!/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(tag)) return false;
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}, "expected a BCP 47 language tag such as en, zh-Hans or pt-BR");
/**
 * A URL that may become a link: http(s) with a host, or mailto. `javascript:`, `file:`, `data:`
 * and the like would turn a brochure into an attack on its reader.
 */
export const LINKABLE_PROTOCOLS = ["https:", "http:", "mailto:"] as const;
export function linkableUrl(value: string): boolean {
  if (/\s/.test(value) || unprintableCharacter(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (!(LINKABLE_PROTOCOLS as readonly string[]).includes(url.protocol)) return false;
  return url.protocol === "mailto:" ? url.pathname.length > 0 : url.hostname.length > 0;
}
const Url = z.string().trim().refine(linkableUrl, "expected a full http://, https:// or mailto: address; other kinds of link are refused");
/** Keys of records (figures, sources): a plain identifier, so no key can reach Object.prototype. */
const recordKey = (what: string) => z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, `${what} are letters, digits, _ and -, starting with a letter or digit`);

/** A city's slug names its file and its output folder: nothing a shell or a file system reads specially. */
export const SLUG = /^(?=.{1,64}$)[a-z0-9]+(-[a-z0-9]+)*$/;
/** output/portfolio/ holds the portfolios: a city of that slug would build over them. */
export const RESERVED_SLUGS: readonly string[] = ["portfolio"];
/** A dotted path from the top of a city file to a figure, e.g. "connectivity.port.figures.throughput". */
export const FigurePath = z.string().regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)+$/, "expected a dotted path to a figure");
/** A file inside the project, relative to its root. */
const projectFile = text;

/**
 * Prose a reader sees may be written once per language. The city schema is written once, as a
 * factory over how prose is read: `City` reads it as plain strings (what every stage works with,
 * after localize.ts picked a language), `CityFile` as a string in the base language or a map from
 * language tag to string. Both types stay inferred from zod.
 */
type Prose<L extends boolean, T extends z.ZodType> = L extends true ? z.ZodUnion<[T, z.ZodRecord<typeof LanguageTag, T>]> : T;
function prose<L extends boolean, T extends z.ZodType>(localised: L, schema: T): Prose<L, T> {
  if (!localised) return schema as Prose<L, T>;
  const union = z.union([schema, z.record(LanguageTag, schema)], {
    // Worded as shape.ts words a missing or mistyped plain string, which is what most files hold.
    error: (issue) =>
      issue.input === undefined
        ? "required field is missing (expected text)"
        : `expected text, or one text per language such as { en: …, ja: … }, got ${describeInput(issue.input)}`,
  });
  PROSE.add(union);
  return union as Prose<L, T>;
}
/** The prose fields of CityFile, so localize.ts can find them by walking the schema, not by guessing from the data. */
const PROSE = new WeakSet<z.ZodType>();
export const isProse = (schema: z.ZodType): boolean => PROSE.has(schema);
function describeInput(input: unknown): string {
  if (input === null) return "an empty value";
  if (Array.isArray(input)) return "a list";
  return typeof input === "object" ? "a mapping" : JSON.stringify(input);
}

export const Qualifier = z.enum(["over", "about", "up-to", "at-least", "target"]);

const derivationOf = <L extends boolean>(localised: L) =>
  z.strictObject({
    /**
     * prior-from-growth: inputs [current, growth %] → current / (1 + growth/100)
     * growth-rate: inputs [earlier, later] → (later / earlier − 1) × 100
     * scale: inputs [x] → x × factor
     * sum: inputs [a, b, …] → a + b + …
     */
    method: z.enum(["prior-from-growth", "growth-rate", "scale", "sum"]),
    inputs: z.array(FigurePath).min(1),
    factor: quantity.optional(),
    /** How it was computed, in words for the sources page. */
    explain: prose(localised, text),
  });

const alternativeOf = <L extends boolean>(localised: L) =>
  z.strictObject({
    value: quantity,
    year: year.optional(),
    note: prose(localised, text),
  });

const figureOf = <L extends boolean>(localised: L) =>
  z
    .strictObject({
      /** What the number measures, in a few words ("Port cargo throughput"). */
      label: prose(localised, text.describe("What the number measures, in a few words")),
      value: quantity.describe("A plain number: no quotes, units or words"),
      /** Upper end when the figure is a range ("4 to 6"): value is the lower end. */
      upper: quantity.optional().describe("Upper end of a range such as 4 to 6; value is the lower end"),
      unit: z.enum(UNIT_IDS).describe("Unit id from src/data/units.ts"),
      /** The year the figure refers to (a target's target year). */
      year: year.describe("The year the figure refers to (a target's target year)"),
      /** How the year is known: stated in the source, inferred from its context, or the source's publication year. */
      yearBasis: z.enum(["stated", "inferred", "publication"]).default("stated").describe("stated in the source, inferred from its context, or the source's publication year"),
      source: plain.optional().describe("Source id from data/sources.yaml"),
      /** Where in the source the figure stands (section or page). */
      locator: plain.optional(),
      qualifier: Qualifier.optional().describe("over, about, up-to, at-least or target: shown with the number"),
      note: z.optional(prose(localised, plain)),
      /** Other readings of an ambiguous or contradictory source, kept instead of silently dropped. */
      alternatives: z.array(alternativeOf(localised)).optional(),
      derived: derivationOf(localised).optional().describe("For computed values: method, inputs and how, instead of a source"),
      /** The shared indicator (data/indicators.yaml) this figure measures, so cities can be compared on it. */
      indicator: z
        .string()
        .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "indicator ids are lower-case words joined by -")
        .optional()
        .describe("Indicator id from data/indicators.yaml, for comparing cities"),
    })
    .superRefine((figure, ctx) => {
      // Per-figure rules belong with the shape, so they are reported even when other fields are wrong.
      if (figure.upper !== undefined && figure.upper < figure.value) {
        ctx.addIssue({ code: "custom", path: ["upper"], message: `range upper end ${figure.upper} is below its lower end ${figure.value}`, input: figure.upper });
      }
      const unit = unitSpec(figure.unit);
      const shown: [PropertyKey[], number][] = [[["value"], figure.value]];
      if (figure.upper !== undefined) shown.push([["upper"], figure.upper]);
      (figure.alternatives ?? []).forEach((alt, i) => shown.push([["alternatives", i, "value"], alt.value]));
      for (const [path, value] of shown) {
        const fail = (message: string, hint?: string) => ctx.addIssue({ code: "custom", path, message, input: value, params: { hint } });
        if (unit.share && (value < 0 || value > 100)) fail(`a share must lie between 0 and 100 %, got ${value}`, "use change-percent for growth rates");
        else if (unit.range && (value < unit.range[0] || value > unit.range[1]))
          fail(`must lie between ${unit.range[0]} and ${unit.range[1]} for unit ${figure.unit}, got ${value}`);
        else if (!unit.signed && value < 0)
          fail(`a count or size cannot be negative, got ${value}`, "only changes, money and coordinates can be negative; check the sign or the unit");
      }
    });

const figuresOf = <L extends boolean>(localised: L) =>
  z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_]*$/, "figure keys are letters, digits and _, starting with a letter or digit"), figureOf(localised));

/** A translation's state: a draft is disclosed in the colophon of the editions in its language. */
export const Translation = z.strictObject({
  status: z.enum(["draft", "reviewed"]),
  /** Who translated or reviewed it. */
  by: plain.optional(),
  note: plain.optional(),
});

/**
 * What brand.yaml and sources.yaml say about their words, as a city file does: the language their
 * plain text is in, and how far each translation has got (a draft is disclosed in the colophon of
 * every edition in its language).
 */
function sharedFileLanguage() {
  return {
    language: LanguageTag.default("en").describe("The language the file's plain text is written in, and the one every text per language must include"),
    translations: z.record(LanguageTag, Translation).optional().describe("How far each translation of the file's words has got"),
  };
}

/**
 * A source: its title and publisher are names, shown as published in every edition; its note is
 * prose, which may be written once per language as a city's is.
 */
const sourceOf = <L extends boolean>(localised: L) =>
  z.strictObject({
    title: text,
    publisher: text,
    year,
    yearBasis: z.enum(["stated", "inferred"]).default("stated"),
    url: Url.optional(),
    /** A copy inside the project or beside it, for reviewers; not shown to investors. */
    file: plain.optional(),
    note: z.optional(prose(localised, plain)),
  });
const sourceRegistryOf = <L extends boolean>(localised: L) =>
  z.strictObject({
    ...sharedFileLanguage(),
    sources: z.record(recordKey("source ids"), sourceOf(localised)),
  });
export const Source = sourceOf(false);
export const SourceRegistry = sourceRegistryOf(false);
/** data/sources.yaml as written: notes in the file's language or one per language. */
export const SourceRegistryFile = sourceRegistryOf(true);

export const ChartKind = z.enum(["bar", "hbar", "share", "target"]);
const chartOf = <L extends boolean>(localised: L) =>
  z.strictObject({
    id: z.string().regex(SLUG, "chart ids are lower-case letters and digits in words joined by -, at most 64 characters"),
    kind: ChartKind,
    title: prose(localised, text),
    caption: prose(localised, text),
    figures: z.array(FigurePath).min(1),
    /** Bar labels: each figure's year (a series over time) or its label (side-by-side figures). */
    labelBy: z.enum(["year", "label"]).default("label"),
    /** Per-figure axis labels, in the order of `figures`, when the figure labels are too long. */
    labels: z.array(prose(localised, text)).optional(),
    /** Which brochure section places this chart. */
    section: z.enum(["geography", "economy", "port", "air", "industry", "talent", "policy"]),
  });

const contactOf = <L extends boolean>(localised: L) =>
  z.strictObject({
    name: prose(localised, text),
    role: z.optional(prose(localised, plain)),
    email: z.email().optional(),
    url: Url.optional(),
    phone: plain.optional(),
  });

export const Derivation = derivationOf(false);
export const Alternative = alternativeOf(false);
export const Figure = figureOf(false);
export const Chart = chartOf(false);
export const Contact = contactOf(false);

export const Audience = z.strictObject({ organisation: text, person: plain.optional() });

/** The languages an edition can be set in: fonts, line breaking and messages exist for these. */
export const EDITION_LANGUAGES = ["en", "ja", "zh-Hans", "ko"] as const;
/**
 * Sections an edition can include, leave out or reorder: the brochure's body pages by name
 * (templates/brochure/<nn>-<name>.hbs) and the deck's slides that show them. The cover and the
 * closing call to action always stay.
 */
export const SECTION_NAMES = ["at-a-glance", "geography", "economy", "port", "air", "industry", "talent", "policy", "sources"] as const;
export const SectionName = z.enum(SECTION_NAMES);

export const Edition = z
  .strictObject({
    /** Names the edition's folder and its files: output/<slug>/<id>/<slug>-<id>-brochure.pdf. */
    id: z
      .string()
      .regex(SLUG, "edition ids are lower-case letters and digits in words joined by -, at most 64 characters")
      .describe("Names the folder output/<slug>/<id>/ and the files in it"),
    language: z.enum(EDITION_LANGUAGES).describe("The language every word of the edition is set in"),
    paper: z.enum(["a4", "letter"]).optional().describe("Brochure paper; --paper otherwise"),
    /** What this edition is made as; a build makes those also named in --formats. */
    formats: z.array(z.enum(FORMATS)).min(1).optional().describe("Formats this edition is made in (all that --formats asks for when left out)"),
    audience: Audience.optional().describe("Who the edition is prepared for: on the cover, the closing slide and in the PDF metadata"),
    sections: z
      .strictObject({
        include: z.array(SectionName).min(1).optional(),
        exclude: z.array(SectionName).optional(),
        order: z.array(SectionName).optional(),
      })
      .optional()
      .describe("Sections to include or leave out, and their order, by name"),
    /** Replaces the city's cta.contacts in this edition (the publisher's contact stays). */
    contact: Contact.optional().describe("The contact this edition gives instead of the city's cta.contacts"),
    /** For a print shop: bleed, crop marks, TrimBox and BleedBox. */
    print: z.boolean().default(false),
  })
  .superRefine((edition, ctx) => {
    const sections = edition.sections;
    if (!sections) return;
    if (sections.include && sections.exclude) {
      ctx.addIssue({
        code: "custom",
        path: ["sections", "exclude"],
        message: "give either include or exclude, not both",
        input: sections.exclude,
        params: { hint: "include lists the sections to keep; exclude the ones to leave out" },
      });
    }
    for (const key of ["include", "exclude", "order"] as const) {
      (sections[key] ?? []).forEach((name, i, all) => {
        if (all.indexOf(name) !== i) ctx.addIssue({ code: "custom", path: ["sections", key, i], message: `section "${name}" is named twice`, input: name });
      });
    }
  });

function cityOf<L extends boolean>(localised: L) {
  const figures = figuresOf(localised);
  const Figure = figureOf(localised);
  const Named = z.strictObject({ name: prose(localised, text), description: prose(localised, text) });
  return z.strictObject({
    slug: z
      .string()
      .regex(SLUG, "slugs are lower-case letters and digits in words joined by -, at most 64 characters")
      .refine((slug) => !RESERVED_SLUGS.includes(slug), {
        message: "is reserved: output/portfolio/ holds the portfolios, so no city can be built there",
        params: { hint: "give the city another slug, and rename its file to match" },
      }),
    name: z.strictObject({
      en: text,
      local: text,
      /** BCP 47 tag of the local name ("zh-Hans"), used to tag the text in the PDF. */
      localLanguage: LanguageTag,
      /** Romanised reading of the local name, for the sources page. */
      romanised: plain.optional(),
      /** The city's name in the languages of its editions ({ ja: 大連, zh-Hans: 大连 }); an edition shows name.en otherwise. */
      translated: z.record(LanguageTag, text).optional(),
    }),
    country: prose(localised, text),
    province: prose(localised, text),
    coordinates: z.strictObject({ latitude: Figure, longitude: Figure.optional() }),
    edition: z.strictObject({
      title: prose(localised, text),
      /** The edition's publication date; it also fixes the PDF's dates so builds are reproducible. */
      date: isoDate,
      /** The year the data describes; staleness warnings measure figure age from here. */
      dataAsOf: year,
      /** The language plain-string prose is written in, and the one every text per language must include. */
      language: LanguageTag.default("en"),
    }),
    /** How far each translation of the prose has got: a draft is disclosed in the colophon of its editions. */
    translations: z.record(LanguageTag, Translation).optional(),
    /** The editions built from this file; without any, one edition in the base language, as output/<slug>/. */
    editions: z.array(Edition).optional(),
    tagline: prose(localised, text),
    geography: z.strictObject({
      summary: prose(localised, text),
      location: prose(localised, text),
      climate: prose(localised, text),
      seas: z.array(prose(localised, text)),
      neighbours: z.array(prose(localised, text)),
      nickname: z.optional(prose(localised, plain)),
      figures,
    }),
    economy: z.strictObject({ summary: prose(localised, text), strengths: z.array(prose(localised, text)).min(1), region: prose(localised, text), figures }),
    connectivity: z.strictObject({
      summary: prose(localised, text),
      port: z.strictObject({ name: prose(localised, text), summary: prose(localised, text), figures, facilities: z.array(Named) }),
      airport: z.strictObject({ name: prose(localised, text), summary: prose(localised, text), figures }),
      links: z.array(
        z.strictObject({
          name: prose(localised, text),
          mode: z.enum(["rail-ferry", "ferry", "rail", "road", "air", "sea"]),
          status: z.enum(["operating", "testing", "planned", "under-construction"]),
          description: prose(localised, text),
        }),
      ),
      zones: z.array(z.strictObject({ name: prose(localised, text), since: year.optional(), description: prose(localised, text) })),
    }),
    industry: z.strictObject({
      summary: prose(localised, text),
      segments: z.array(z.strictObject({ code: text, name: prose(localised, text), description: prose(localised, text) })).min(1),
      markets: z.array(z.strictObject({ name: prose(localised, text), stance: z.enum(["established", "growing", "new"]), description: prose(localised, text) })),
      strategy: z.array(prose(localised, text)),
      targets: z.strictObject({ summary: prose(localised, text), figures }),
    }),
    talent: z.strictObject({ summary: prose(localised, text), measures: z.array(prose(localised, text)) }),
    policy: z.strictObject({
      summary: prose(localised, text),
      documents: z.array(z.strictObject({ title: prose(localised, text), issuer: prose(localised, text), source: plain.optional() })),
      funds: z.array(Named),
      incentives: z.array(prose(localised, text)),
    }),
    cta: z.strictObject({
      headline: prose(localised, text),
      body: prose(localised, text),
      actions: z.array(prose(localised, text)),
      contacts: z.array(contactOf(localised)),
    }),
    /** Figure paths for the at-a-glance tiles, in order (6 to 8). */
    highlights: z.array(FigurePath).min(6, "the at-a-glance page needs 6 to 8 highlights").max(8, "the at-a-glance page holds at most 8 highlights"),
    charts: z.array(chartOf(localised)),
  });
}

/** A city as every stage sees it: prose in one language (see localize.ts). */
export const City = cityOf(false);
/** A city file as written and validated: prose as plain text in the base language, or one text per language. */
export const CityFile = cityOf(true);

export const FontFiles = z.strictObject({ regular: projectFile, bold: projectFile, italic: projectFile.optional() });

const brandOf = <L extends boolean>(localised: L) =>
  z.strictObject({
    ...sharedFileLanguage(),
    name: text,
    tagline: z.optional(prose(localised, plain)),
    colours: z.strictObject({
      primary: hexColour,
      secondary: hexColour,
      accent: hexColour,
      ink: hexColour,
      muted: hexColour,
      paper: hexColour,
      surface: hexColour,
      /** Series colours for charts, in order. */
      chart: z.array(hexColour).min(3),
    }),
    fonts: z.strictObject({
      heading: FontFiles,
      body: FontFiles,
      /** Covers the local-script names (CJK and others). */
      local: z.strictObject({ regular: projectFile, bold: projectFile.optional() }),
      /**
       * The font text in a language is set in ({ ja: {regular, bold} }): overrides the Noto Sans
       * JP/SC/KR defaults (src/data/scriptFonts.ts), so Japanese gets Japanese glyph forms.
       */
      languages: z
        .record(LanguageTag, z.strictObject({ regular: projectFile, bold: projectFile.optional() }))
        .optional()
        .describe("Fonts by language (ja, zh-Hans, ko…), overriding the Noto Sans CJK defaults"),
      /**
       * Font names an editable PPTX falls back to where the brand's fonts are not installed (a PPTX
       * cannot embed fonts): fonts every office suite has, whose widths text boxes are sized for.
       */
      office: z
        .strictObject({ heading: text.default("Arial"), body: text.default("Arial") })
        .default({ heading: "Arial", body: "Arial" })
        .describe("Fonts an editable PowerPoint falls back to when the brand fonts are not installed"),
    }),
    logo: z.strictObject({ png: projectFile, svg: projectFile, alt: prose(localised, text) }),
    footer: prose(localised, text),
    contact: contactOf(localised),
  });
export const Brand = brandOf(false);
/** brand.yaml as written: its words (tagline, footer, logo text, contact) in its language or one per language. */
export const BrandFile = brandOf(true);

/** The shared catalogue of what cities can be compared on: data/indicators.yaml. */
export const Indicator = z.strictObject({
  label: text,
  unit: z.enum(UNIT_IDS),
  /** What the indicator measures and how to read it, for the compendium's "how to read" page. */
  meaning: text,
});
export const IndicatorCatalogue = z.strictObject({
  indicators: z.record(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "indicator ids are lower-case words joined by -"), Indicator),
});

/** A set of cities compared side by side: data/portfolios/<id>.yaml. */
export const Portfolio = z.strictObject({
  title: text,
  subtitle: plain.optional(),
  cities: z.array(z.string().regex(SLUG, "city slugs are lower-case words joined by -")).min(2, "a portfolio compares at least two cities"),
  groups: z
    .array(
      z.strictObject({
        title: text,
        indicators: z
          .array(
            z.strictObject({
              id: z.string(),
              /** higher or lower is better, or none: shown but not ranked. */
              rank: z.enum(["higher", "lower", "none"]).default("higher"),
            }),
          )
          .min(1),
      }),
    )
    .min(1),
  /** Figures more than this many years older than the newest for the same indicator are not comparable. */
  maxYearSpread: z.number().int().min(0).max(50).default(2),
  audience: Audience.optional(),
});

export type Figure = z.infer<typeof Figure>;
export type Indicator = z.infer<typeof Indicator>;
export type IndicatorCatalogue = z.infer<typeof IndicatorCatalogue>;
export type Portfolio = z.infer<typeof Portfolio>;
export type FigureInput = z.input<typeof Figure>;
export type Derivation = z.infer<typeof Derivation>;
export type Source = z.infer<typeof Source>;
export type SourceRegistry = z.infer<typeof SourceRegistry>;
export type Chart = z.infer<typeof Chart>;
export type ChartKind = z.infer<typeof ChartKind>;
export type City = z.infer<typeof City>;
export type CityFile = z.infer<typeof CityFile>;
export type Edition = z.infer<typeof Edition>;
export type SectionName = z.infer<typeof SectionName>;
export type Translation = z.infer<typeof Translation>;
export type Brand = z.infer<typeof Brand>;
export type BrandFile = z.infer<typeof BrandFile>;
export type SourceRegistryFile = z.infer<typeof SourceRegistryFile>;
export type Contact = z.infer<typeof Contact>;
export type Audience = z.infer<typeof Audience>;
