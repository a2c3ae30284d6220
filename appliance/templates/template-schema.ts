import { Type, type Static, type TLiteral } from '@sinclair/typebox';
import { LICENCE_TYPES, type LicenceType } from '../licences/licence-record.js';
import { SEAL_TYPES, type SealType } from '../seals/seal.js';

/**
 * The certificate template descriptor, as a file an administrator writes (one JSON file per
 * template). The same TypeBox schema validates files, `addTemplate` and the HTTP body, and
 * documents the format on /docs. Coordinates are PDF points with the origin at the bottom left,
 * as everywhere else in sealdesk (stamping placements use the same space).
 */

function literals<const T extends readonly string[]>(values: T): { -readonly [K in keyof T]: TLiteral<T[K]> } {
  return values.map((v) => Type.Literal(v)) as { -readonly [K in keyof T]: TLiteral<T[K]> };
}

/** What the ID card gives (drivers/idcard IdCardText). */
export const HOLDER_FIELDS = ['name', 'sex', 'ethnicity', 'birthDate', 'address', 'idNumber'] as const;
export type HolderField = (typeof HOLDER_FIELDS)[number];

/** Filled in by sealdesk at render time, never by the citizen. */
export const SYSTEM_FIELDS = ['documentNumber', 'issueDate', 'issuer'] as const;
export type SystemField = (typeof SYSTEM_FIELDS)[number];

export const FONT_NAMES = ['serif', 'serif-bold', 'sans', 'sans-bold'] as const;
export type FontName = (typeof FONT_NAMES)[number];

export const PAGE_SIZES = { A4: [595.28, 841.89], A5: [419.53, 595.28] } as const;

const Bilingual = Type.Object({ zh: Type.String({ minLength: 1, maxLength: 60 }), en: Type.String({ minLength: 1, maxLength: 120 }) }, { additionalProperties: false });
const Text = Type.String({ minLength: 1, maxLength: 2000, description: 'May hold {placeholders}: holder fields, the template\'s fields, documentNumber, issueDate, issuer.' });
const Coordinate = Type.Number({ minimum: 0, maximum: 2000 });
const Size = Type.Number({ minimum: 4, maximum: 72, description: 'Font size in points.' });
const Font = Type.Union(literals(FONT_NAMES), { description: 'Noto Serif CJK SC stands in for 宋体, Noto Sans CJK SC for 黑体.' });
const Align = Type.Union(literals(['left', 'center', 'right'] as const), { description: 'x is the left edge, the centre or the right edge.' });
const LineHeight = Type.Number({ minimum: 1, maximum: 3, description: 'Baseline distance as a multiple of the font size.' });
const Bottom = Type.Number({ minimum: 0, maximum: 2000, description: 'The lowest baseline the text may reach; longer text is TEMPLATE_TEXT_OVERFLOW.' });

const Common = { x: Coordinate, y: Coordinate, size: Type.Optional(Size), font: Type.Optional(Font) };

const TitleBlock = Type.Object(
  { kind: Type.Literal('title'), text: Type.Optional(Text), y: Coordinate, size: Type.Optional(Size), font: Type.Optional(Font) },
  { additionalProperties: false, description: 'Centred on the page; the text defaults to title.zh.' },
);
const TextBlock = Type.Object({ kind: Type.Literal('text'), text: Text, ...Common, align: Type.Optional(Align) }, { additionalProperties: false, description: 'One line.' });
const ParagraphBlock = Type.Object(
  {
    kind: Type.Literal('paragraph'),
    text: Text,
    ...Common,
    width: Type.Number({ minimum: 10, maximum: 2000 }),
    lineHeight: Type.Optional(LineHeight),
    indent: Type.Optional(Type.Number({ minimum: 0, maximum: 8, description: 'First-line indent in characters (公文: 2).' })),
    bottom: Type.Optional(Bottom),
  },
  { additionalProperties: false, description: 'Wrapped to width; y is the first baseline; "\\n" starts a new paragraph.' },
);
const RowsBlock = Type.Object(
  {
    kind: Type.Literal('rows'),
    ...Common,
    width: Type.Number({ minimum: 10, maximum: 2000 }),
    labelWidth: Type.Number({ minimum: 0, maximum: 2000 }),
    lineHeight: Type.Optional(LineHeight),
    labelFont: Type.Optional(Font),
    bottom: Type.Optional(Bottom),
    rows: Type.Array(Type.Object({ label: Type.String({ minLength: 1, maxLength: 40 }), value: Text }, { additionalProperties: false }), { minItems: 1, maxItems: 40 }),
  },
  { additionalProperties: false, description: 'Label / value rows (营业执照 style); values wrap within width − labelWidth.' },
);
const AnchorBlock = Type.Object(
  { kind: Type.Literal('anchor'), text: Type.String({ minLength: 1, maxLength: 10 }), ...Common, align: Type.Optional(Align) },
  { additionalProperties: false, description: 'Where the seal goes: stamping centres the seal on this text (盖章处). Exactly one per template.' },
);
const LineBlock = Type.Object(
  { kind: Type.Literal('line'), from: Type.Tuple([Coordinate, Coordinate]), to: Type.Tuple([Coordinate, Coordinate]), lineWidth: Type.Optional(Type.Number({ minimum: 0.1, maximum: 10 })) },
  { additionalProperties: false },
);
const RectBlock = Type.Object(
  { kind: Type.Literal('rect'), x: Coordinate, y: Coordinate, width: Coordinate, height: Coordinate, lineWidth: Type.Optional(Type.Number({ minimum: 0.1, maximum: 10 })) },
  { additionalProperties: false, description: 'An outline (a border); x, y is the bottom left corner.' },
);

export const BlockSchema = Type.Union([TitleBlock, TextBlock, ParagraphBlock, RowsBlock, AnchorBlock, LineBlock, RectBlock]);

export const FieldSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z][A-Za-z0-9]{0,31}$', description: 'The {placeholder} name.' }),
    label: Bilingual,
    kind: Type.Union(literals(['text', 'date', 'uscc', 'choice'] as const), { description: 'date: YYYY-MM-DD, printed 2026年11月25日; uscc: 统一社会信用代码, check character verified.' }),
    filledBy: Type.Union(literals(['citizen', 'clerk'] as const)),
    required: Type.Optional(Type.Boolean({ description: 'Default true.' })),
    maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    options: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { minItems: 1, maxItems: 50 })),
    default: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

const SealRequirement = Type.Union([
  Type.Object({ type: Type.Union(literals(Object.keys(SEAL_TYPES) as [SealType, ...SealType[]])) }, { additionalProperties: false }),
  Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
]);

export const TemplateSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$', description: 'Also the file name: <id>.json.' }),
    version: Type.Literal(1, { description: 'Version of this descriptor format.' }),
    title: Bilingual,
    description: Type.Optional(Bilingual),
    seal: SealRequirement,
    licence: Type.Optional(
      Type.Object(
        { type: Type.Union(literals(Object.keys(LICENCE_TYPES) as [LicenceType, ...LicenceType[]])) },
        { additionalProperties: false, description: 'Also issue a licence record (电子证照) of this type on the chain; its code is printed on the receipt.' },
      ),
    ),
    holder: Type.Object(
      {
        fields: Type.Array(Type.Union(literals(HOLDER_FIELDS)), { uniqueItems: true, maxItems: HOLDER_FIELDS.length }),
        idNumber: Type.Optional(Type.Union(literals(['full', 'masked'] as const), { description: 'Default masked (first and last character).' })),
      },
      { additionalProperties: false },
    ),
    fields: Type.Array(FieldSchema, { maxItems: 30 }),
    format: Type.Optional(
      Type.Union(literals(['pdf', 'ofd'] as const), {
        description: 'The certificate file: pdf (default), or ofd (GB/T 33190, stamped with a GB/T 38540 e-seal), the format e-licences are expected in.',
      }),
    ),
    documentNumber: Type.Object({ prefix: Type.String({ minLength: 1, maxLength: 20, description: 'e.g. 西审居证 → 西审居证〔2026〕1F3A9C07号' }) }, { additionalProperties: false }),
    layout: Type.Object(
      { page: Type.Union(literals(Object.keys(PAGE_SIZES) as ['A4', 'A5'])), blocks: Type.Array(BlockSchema, { minItems: 1, maxItems: 100 }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export type CertificateTemplate = Static<typeof TemplateSchema>;
export type TemplateField = Static<typeof FieldSchema>;
export type TemplateBlock = Static<typeof BlockSchema>;
