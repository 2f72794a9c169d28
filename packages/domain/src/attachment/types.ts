/**
 * The file types the engine knows by name: each media type with the file extensions that may
 * carry it (the first is the usual one). A file whose name has an extension must use one of
 * its type's, known here or not, so `invoice.pdf` holding a program is caught and so is a Word
 * file called `update.msp`. Types outside this table are still recognized from their bytes;
 * their extension is then the one the bytes suggest.
 */
export const KNOWN_FILE_TYPES: Readonly<Record<string, readonly string[]>> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg', 'jpe', 'jfif'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'image/heic': ['heic'],
  'image/bmp': ['bmp'],
  'image/tiff': ['tif', 'tiff'],
  'image/svg+xml': ['svg'],
  'application/pdf': ['pdf'],
  // Formats a desktop opens in an editor. Not `.xml`: Office opens the XML it saved, macros and all.
  'text/plain': ['txt', 'text', 'log', 'md', 'markdown', 'json', 'yaml', 'yml', 'ini', 'cfg', 'conf', 'tsv'],
  'text/csv': ['csv'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
  'application/vnd.oasis.opendocument.presentation': ['odp'],
  'application/msword': ['doc', 'dot'],
  'application/vnd.ms-excel': ['xls', 'xlt'],
  'application/vnd.ms-powerpoint': ['ppt', 'pps', 'pot'],
  'application/vnd.ms-outlook': ['msg'],
  'application/zip': ['zip'],
  'application/gzip': ['gz', 'tgz'],
  'application/x-msdownload': [
    ...['exe', 'dll', 'com', 'scr', 'cpl', 'pif'],
    // Installers, their patches and transforms (CFB files, as Word's are), and packages.
    ...['msi', 'msp', 'mst', 'msu', 'msix', 'msixbundle', 'appx', 'appxbundle'],
    // Shell scraps and compiled help run what they hold; add-ins are programs Office loads.
    ...['shs', 'shb', 'chm', 'hlp', 'xll', 'gadget'],
  ],
  // Text that a desktop runs when opened: its bytes read as plain text, so only its name tells.
  'application/x-script': [
    'bat',
    'cmd',
    'hta',
    'htc',
    'js',
    'jse',
    'vb',
    'vbs',
    'vbe',
    'vbp',
    'bas',
    'ws',
    'wsf',
    'wsh',
    'ps1',
    'ps1xml',
    'ps2',
    'ps2xml',
    'psc1',
    'psc2',
    'psd1',
    'psm1',
    'msh',
    'msh1',
    'msh2',
    'mshxml',
    'msh1xml',
    'msh2xml',
    'reg',
    'lnk',
    'sh',
    'bash',
    'csh',
    'ksh',
    'zsh',
    'run',
    'py',
    'pyw',
    'pyz',
    'pyzw',
    'pl',
    'jar',
    'jnlp',
    'asp',
    'aspx',
    'xhtml',
    'xht',
    'shtml',
    'mhtml',
    'mht',
    'xbap',
    // Shortcuts, web queries, remote sessions, snap-ins, scriptlets, installers' manifests and
    // setup files a desktop follows, opens or runs.
    'url',
    'website',
    'webloc',
    'inetloc',
    'fileloc',
    'scf',
    'iqy',
    'slk',
    'rdp',
    'settingcontent-ms',
    'appcontent-ms',
    'appref-ms',
    'library-ms',
    'search-ms',
    'searchconnector-ms',
    'application',
    'appinstaller',
    'ms-appinstaller',
    'msc',
    'wsc',
    'sct',
    'command',
    'terminal',
    'tool',
    'desktop',
    'theme',
    'themepack',
    'deskthemepack',
    'inf',
    'ins',
    'isp',
    'its',
    'grp',
    'prf',
    'osd',
    'udl',
  ],
  'application/x-elf': ['elf', 'so'],
  'text/html': ['html', 'htm'],
  'application/octet-stream': ['bin'],
};

/** The types a deployment accepts unless it says otherwise: pictures, PDFs, text and office documents. */
export const DEFAULT_ALLOWED_FILE_TYPES: readonly string[] = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/heic',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.ms-outlook',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
];

/**
 * What a byte sniffer reports for an OLE2 Compound File Binary: the container of the legacy
 * Office formats (and of installers, their patches and transforms, and shell scraps, among
 * others), whatever it holds.
 */
export const CFB_CONTAINER_TYPE = 'application/x-cfb';

/**
 * The legacy Office types, each carried in a {@link CFB_CONTAINER_TYPE}: its bytes cannot tell
 * them apart, so the file's extension says which; without an Office extension the file stays a
 * container, whatever it is claimed as.
 */
export const CFB_CONTAINED_TYPES: readonly string[] = [
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.ms-outlook',
];

/**
 * The extension of `fileName` in lower case (`"Report.PDF"` → `"pdf"`), or `null` when it has none.
 * Trailing dots and spaces do not hide it (`"x.hta. ."` → `"hta"`): Windows drops them when it
 * saves the file, which then opens as what the extension says.
 */
export function fileExtension(fileName: string): string | null {
  const name = fileName.replace(/[. ]+$/, '');
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return null;
  return name.slice(dot + 1).toLowerCase();
}

/**
 * The extensions a file of `type` may be named with: its own in {@link KNOWN_FILE_TYPES}, else
 * the one its signature suggests (`sniffedExtension`), else none.
 */
export function extensionsOf(type: string, sniffedExtension?: string): readonly string[] {
  return KNOWN_FILE_TYPES[type] ?? (sniffedExtension === undefined ? [] : [sniffedExtension]);
}

/** The known type an extension names (`"jpg"` → `"image/jpeg"`), or `null`. */
export function typeOfExtension(extension: string): string | null {
  for (const [type, extensions] of Object.entries(KNOWN_FILE_TYPES)) if (extensions.includes(extension)) return type;
  return null;
}

/** `type` lower-cased without parameters, with the common alias `image/jpg` read as `image/jpeg`. */
export function normalizeMediaType(type: string): string {
  const bare = type.split(';')[0]?.trim().toLowerCase() ?? '';
  return bare === 'image/jpg' ? 'image/jpeg' : bare;
}
