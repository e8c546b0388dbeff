// Code generated from session/protocol.go and session/elements.go by
// session's TestTypeScript (go generate ./session). DO NOT EDIT.
//
// The wire protocol (docs/protocol.md) and the elements' properties
// (docs/elements.md); session/testdata/wire holds an example of each.

export const VERSION = 1;

export interface HelloMsg {
  v: number;
  type: "hello";
  session: string;
  page: string;
  query: Record<string, string[]>;
  locale?: string;
  timezone?: string;
  timezone_offset?: number | null;
  theme?: string;
  url?: string;
}

export interface WidgetMsg {
  v: number;
  type: "widget";
  id: string;
  value: unknown;
}

export interface NavigateMsg {
  v: number;
  type: "navigate";
  page: string;
  query: Record<string, string[]>;
}

export interface RerunMsg {
  v: number;
  type: "rerun";
}

export interface FormMsg {
  v: number;
  type: "form";
  form: string;
  values: Record<string, unknown>;
  submit: string;
}

export interface RowsRequestMsg {
  v: number;
  type: "rows";
  path: string;
  req: number;
  start: number;
  count: number;
  sort: string;
  desc: boolean;
}

export interface ByeMsg {
  v: number;
  type: "bye";
}

export type BrowserMsg =
  | HelloMsg
  | WidgetMsg
  | NavigateMsg
  | RerunMsg
  | FormMsg
  | RowsRequestMsg
  | ByeMsg;

/** The types of BrowserMsg. */
export const browserMsgTypes: readonly BrowserMsg["type"][] = ["hello", "widget", "navigate", "rerun", "form", "rows", "bye"];

export interface WelcomeMsg {
  v: number;
  type: "welcome";
  session: string;
  resumed: boolean;
  app: string;
  pages: PageInfo[];
  page: string;
}

export interface RunStartMsg {
  v: number;
  type: "run_start";
  run: number;
  page: string;
  scope?: string;
}

export interface DeltaMsg {
  v: number;
  type: "delta";
  run: number;
  elements: Element[];
  counts: Record<string, number>;
}

export interface RunEndMsg {
  v: number;
  type: "run_end";
  run: number;
  status: string;
  error: HostError | null;
  counts: Record<string, number>;
  scope?: string;
}

export interface PageMsg {
  v: number;
  type: "page";
  page: string;
  query: Record<string, string[]>;
  title: string;
}

export interface ErrorMsg {
  v: number;
  type: "error";
  message: string;
  ref?: string;
}

export interface RowsMsg {
  v: number;
  type: "rows";
  path: string;
  req: number;
  start: number;
  num_rows: number;
  sort?: string;
  desc?: boolean;
  rows: unknown[][];
  positions?: number[];
}

export interface NoticeMsg {
  v: number;
  type: "notice";
  message: string;
  level: string;
  link?: string;
}

export interface PagesMsg {
  v: number;
  type: "pages";
  pages: PageInfo[];
  position?: "sidebar" | "top" | "hidden";
  expanded?: boolean;
}

export interface ReloadMsg {
  v: number;
  type: "reload";
  files: string[];
}

export interface ReloadErrorMsg {
  v: number;
  type: "reload_error";
  error: HostError | null;
}

export interface ThemeMsg {
  v: number;
  type: "theme";
  base: "light" | "dark";
  primary_color: string;
}

export type ServerMsg =
  | WelcomeMsg
  | RunStartMsg
  | DeltaMsg
  | RunEndMsg
  | PageMsg
  | ErrorMsg
  | RowsMsg
  | NoticeMsg
  | PagesMsg
  | ReloadMsg
  | ReloadErrorMsg
  | ThemeMsg;

/** The types of ServerMsg. */
export const serverMsgTypes: readonly ServerMsg["type"][] = ["welcome", "run_start", "delta", "run_end", "page", "error", "rows", "notice", "pages", "reload", "reload_error", "theme"];

export interface AVElement {
  kind: "audio" | "video";
  path: string;
  width?: "stretch" | "content" | number;
  src: MediaSrc;
  mime?: string;
  start_time: number;
  end_time: number | null;
  loop: boolean;
  autoplay: boolean;
  muted?: boolean;
  subtitles?: Subtitle[];
}

export interface BadgeElement {
  kind: "badge";
  path: string;
  width?: "stretch" | "content" | number;
  label: string;
  color: "blue" | "green" | "orange" | "red" | "violet" | "yellow" | "gray" | "grey" | "primary";
  icon?: string;
}

export interface ButtonElement {
  kind: "button";
  path: string;
  width?: "stretch" | "content" | number;
  id: string;
  disabled: boolean;
  help: string | null;
  key?: string;
  form?: string;
  label: string;
  label_visibility?: "visible" | "hidden" | "collapsed";
  type: "primary" | "secondary";
  icon?: string;
}

export interface ChartElement {
  kind: "area_chart" | "bar_chart" | "line_chart" | "scatter_chart" | "vega_lite_chart";
  path: string;
  width?: "stretch" | "content" | number;
  spec: Record<string, unknown>;
  height: number | null;
  theme?: "none";
}

export interface ChatInputElement {
  kind: "chat_input";
  path: string;
  id: string;
  key?: string;
  placeholder: string;
  disabled: boolean;
  max_chars?: number;
  accept_file: boolean | "multiple";
  max_bytes?: number;
  pinned?: boolean;
}

export interface ChatMessageElement {
  kind: "chat_message";
  path: string;
  name: string;
  role?: "user" | "assistant";
  avatar: string;
  avatar_type: "icon" | "image" | "letter";
}

export interface CheckboxElement {
  kind: "checkbox" | "toggle";
  path: string;
  id: string;
  disabled: boolean;
  help: string | null;
  key?: string;
  form?: string;
  label: string;
  label_visibility?: "visible" | "hidden" | "collapsed";
  value: boolean;
}

export interface CodeElement {
  kind: "code";
  path: string;
  body: string;
  language: string | null;
  line_numbers?: boolean;
  wrap_lines?: boolean;
}

export interface ColorPickerElement {
  kind: "color_picker";
  path: string;
  id: string;
  disabled: boolean;
  help: string | null;
  key?: string;
  form?: string;
  label: string;
  label_visibility?: "visible" | "hidden" | "collapsed";
  value: string;
}

export interface ColumnElement {
  kind: "column";
  path: string;
  width: number;
}

export interface ColumnsElement {
  kind: "columns";
  path: string;
  gap: "small" | "medium" | "large";
  widths: number[];
  vertical_alignment?: "top" | "center" | "bottom";
}

export interface ContainerElement {
  kind: "container";
  path: string;
  border: boolean;
  height: number | null;
  key?: string;
}

export interface DataEditorElement {
  kind: "data_editor";
  path: string;
  width?: "stretch" | "content" | number;
  columns: DataframeColumn[];
  num_rows: number;
  rows: unknown[][];
  height: number | null;
  column_config: Record<string, string | Record<string, unknown>>;
  hide_index?: boolean | null;
  id: string;
  key?: string;
  dynamic: boolean;
  disabled: boolean;
  disabled_columns: string[];
  value: EditorDelta;
}

export interface DataframeElement {
  kind: "dataframe";
  path: string;
  width?: "stretch" | "content" | number;
  columns: DataframeColumn[];
  num_rows: number;
  rows: unknown[][];
  height: number | null;
  column_config: Record<string, string | Record<string, unknown>>;
  hide_index?: boolean | null;
  id?: string;
  key?: string;
  selection_mode?: ("single-row" | "multi-row" | "single-column" | "multi-column")[];
  selection?: DataframeSelection | null;
}

export interface DateInputElement {
  kind: "date_input";
  path: string;
  id: string;
  disabled: boolean;
  help: string | null;
  key?: string;
  form?: string;
  label: string;
  label_visibility?: "visible" | "hidden" | "collapsed";
  value: string | [] | [string] | [string, string] | null;
  min: string | null;
  max: string | null;
  format: string;
}

export interface DeviceInputElement {
  kind: "audio_input" | "camera_input";
  path: string;
  id: string;
  disabled: boolean;
  help: string | null;
  key?: string;
  form?: string;
  label: string;
  label_visibility?: "visible" | "hidden" | "collapsed";
  max_bytes: number;
  files: UploadedFile[];
}

export interface DialogElement {
  kind: "dialog";
  path: string;
  id: string;
  title: string;
  width: "small" | "medium" | "large";
  dismissible: boolean;
}

export interface DownloadButtonElement {
  kind: "download_button";
  path: string;
  width?: "stretch" | "content" | number;
  id: string;
  disabled: boolean;
  help: string | null;
  key?: string;
  form?: string;
  label: string;
  label_visibility?: "visible" | "hidden" | "collapsed";
  type: "primary" | "secondary";
  file_name: string;
  mime: string;
  media: string;
  icon?: string;
}

export interface ExceptionElement {
  kind: "exception";
  path: string;
  message: string;
  frames: FrameProps[];
  hint?: string;
}

export interface ExpanderElement {
  kind: "expander";
  path: string;
  label: string;
  expanded: boolean;
  icon?: string;
}

export interface FeedbackElement {
  kind: "feedback";
  path: string;
  id: string;
  key?: string;
  disabled: boolean;
  options: "thumbs" | "faces" | "stars";
  value: number | null;
}

export interface FileUploaderElement {
  kind: "file_uploader";
  path: string;
  id: string;
  disabled: boolean;
  help: string | null;
  key?: string;
  form?: string;
  label: string;
  label_visibility?: "visible" | "hidden" | "collapsed";
  accept: string[];
  multiple: boolean;
  max_bytes: number;
  files: UploadedFile[];
}

export interface FormElement {
  kind: "form";
  path: string;
  key: string;
  clear_on_submit: boolean;
  enter_to_submit: boolean;
  border: boolean;
}

export interface FragmentElement {
  kind: "fragment";
  path: string;
  id?: string;
  run_every: number | null;
}

export interface GraphvizElement {
  kind: "graphviz_chart";
  path: string;
  width?: "stretch" | "content" | number;
  dot: string;
}

export interface HTMLElement {
  kind: "html";
  path: string;
  width?: "stretch" | "content" | number;
  body: string;
}

export interface IframeElement {
  kind: "iframe";
  path: string;
  html?: string;
  url?: string;
  width: number | null;
  height: number | null;
  scrolling: boolean;
}

export interface ImageElement {
  kind: "image";
  path: string;
  width?: "stretch" | "content" | number;
  images: ImageItem[];
}

export interface JSONElement {
  kind: "json";
  path: string;
  value: unknown;
  expanded: boolean | number;
}

export interface LinkButtonElement {
  kind: "link_button";
  path: string;
  width?: "stretch" | "content" | number;
  label: string;
  url: string;
  type: "primary" | "secondary";
  disabled: boolean;
  help: string | null;
  icon?: string;
}

export interface LogoElement {
  kind: "logo";
  path: string;
  image: MediaSrc;
  icon_image?: MediaSrc | null;
  link: string | null;
  size: "small" | "medium" | "large";
}

export interface MapElement {
  kind: "map";
  path: string;
  width?: "stretch" | "content" | number;
  lat: number[];
  lon: number[];
  color: string | string[];
  size: number | number[];
  zoom: number | null;
  height: number | null;
  tiles?: string;
  attribution?: string;
}

export interface MetricElement {
  kind: "metric";
  path: string;
  label: string;
  value: string;
  delta: string | null;
  delta_color: "normal" | "inverse" | "off";
  help: string | null;
  label_visibility?: "visible" | "hidden" | "collapsed";
  chart_data?: (number | null)[];
  chart_type?: "line" | "bar" | "area";
}

export interface MultiselectElement {
  kind: "multiselect";
  path: string;
  id: string;
  disabled: boolean;
  help: string | null;
  key?: string;
  form?: string;
  label: string;
  label_visibility?: "visible" | "hidden" | "collapsed";
  options: string[];
  value: number[];
  max_selections: number | null;
  placeholder: string;
}

export interface NumberElement {
  kind: "number_input" | "slider";
  path: string;
  id: string;
  disabled: boolean;
  help: string | null;
  key?: string;
  form?: string;
  label: string;
  label_visibility?: "visible" | "hidden" | "collapsed";
  min: number | null;
  max: number | null;
  step: number;
  value: number | [number, number] | null;
  float: boolean;
  format: string | null;
  placeholder?: string | null;
  clearable?: boolean;
  temporal?: "date" | "time" | "datetime";
}

export interface PageConfigElement {
  kind: "page_config";
  path: string;
  title: string | null;
  icon: string | null;
  layout: "centered" | "wide";
  initial_sidebar_state: "auto" | "expanded" | "collapsed";
}

export interface PageLinkElement {
  kind: "page_link";
  path: string;
  width?: "stretch" | "content" | number;
  label: string;
  page: string;
  url: string;
  icon: string | null;
  disabled: boolean;
  help: string | null;
}

export interface PdfElement {
  kind: "pdf";
  path: string;
  media: string;
  height: number | "stretch";
}

export interface PillsElement {
  kind: "pills" | "segmented_control";
  path: string;
  id: string;
  disabled: boolean;
  help: string | null;
  key?: string;
  form?: string;
  label: string;
  label_visibility?: "visible" | "hidden" | "collapsed";
  options: string[];
  selection_mode: "single" | "multi";
  value: number | number[] | null;
}

export interface PlainElement {
  kind: "balloons" | "divider" | "empty" | "snow";
  path: string;
}

export interface PopoverElement {
  kind: "popover";
  path: string;
  width?: "stretch" | "content" | number;
  label: string;
  icon?: string;
  help?: string | null;
  disabled?: boolean;
}

export interface ProgressElement {
  kind: "progress";
  path: string;
  value: number;
  text: string | null;
}

export interface RadioElement {
  kind: "radio";
  path: string;
  id: string;
  disabled: boolean;
  help: string | null;
  key?: string;
  form?: string;
  label: string;
  label_visibility?: "visible" | "hidden" | "collapsed";
  options: string[];
  index: number | null;
  horizontal: boolean;
  captions?: string[];
}

export interface RedirectElement {
  kind: "redirect";
  path: string;
  action: "login" | "logout";
  provider: string | null;
}

export interface SelectSliderElement {
  kind: "select_slider";
  path: string;
  id: string;
  disabled: boolean;
  help: string | null;
  key?: string;
  form?: string;
  label: string;
  label_visibility?: "visible" | "hidden" | "collapsed";
  options: string[];
  index: number | [number, number];
}

export interface SelectboxElement {
  kind: "selectbox";
  path: string;
  id: string;
  disabled: boolean;
  help: string | null;
  key?: string;
  form?: string;
  label: string;
  label_visibility?: "visible" | "hidden" | "collapsed";
  options: string[];
  index: number | null;
  placeholder?: string | null;
}

export interface SpinnerElement {
  kind: "spinner";
  path: string;
  text: string;
}

export interface StatusElement {
  kind: "status";
  path: string;
  label: string;
  state: "running" | "complete" | "error";
  expanded: boolean;
}

export interface SubmitButtonElement {
  kind: "form_submit_button";
  path: string;
  width?: "stretch" | "content" | number;
  id: string;
  disabled: boolean;
  help: string | null;
  key?: string;
  form?: string;
  label: string;
  label_visibility?: "visible" | "hidden" | "collapsed";
  type: "primary" | "secondary";
  icon?: string;
}

export interface TabElement {
  kind: "tab";
  path: string;
  label: string;
}

export interface TableElement {
  kind: "table";
  path: string;
  columns: string[];
  rows: unknown[][];
}

export interface TabsElement {
  kind: "tabs";
  path: string;
  labels: string[];
}

export interface TextElement {
  kind: "caption" | "error" | "header" | "info" | "latex" | "markdown" | "subheader" | "success" | "text" | "title" | "warning";
  path: string;
  body: string;
  allow_html?: boolean;
  anchor?: string | false;
  divider?: "blue" | "green" | "orange" | "red" | "violet" | "gray" | "grey" | "rainbow";
  icon?: string;
  help?: string | null;
}

export interface TextInputElement {
  kind: "text_area" | "text_input";
  path: string;
  id: string;
  disabled: boolean;
  help: string | null;
  key?: string;
  form?: string;
  label: string;
  label_visibility?: "visible" | "hidden" | "collapsed";
  value: string | null;
  placeholder: string | null;
  max_chars: number | null;
  type?: "default" | "password";
  autocomplete?: string;
  height?: number | null;
}

export interface TimeInputElement {
  kind: "time_input";
  path: string;
  id: string;
  disabled: boolean;
  help: string | null;
  key?: string;
  form?: string;
  label: string;
  label_visibility?: "visible" | "hidden" | "collapsed";
  value: string | null;
  step: number;
}

export interface ToastElement {
  kind: "toast";
  path: string;
  body: string;
  icon: string | null;
}

/** An element of a delta, by kind. */
export type Element =
  | AVElement
  | BadgeElement
  | ButtonElement
  | ChartElement
  | ChatInputElement
  | ChatMessageElement
  | CheckboxElement
  | CodeElement
  | ColorPickerElement
  | ColumnElement
  | ColumnsElement
  | ContainerElement
  | DataEditorElement
  | DataframeElement
  | DateInputElement
  | DeviceInputElement
  | DialogElement
  | DownloadButtonElement
  | ExceptionElement
  | ExpanderElement
  | FeedbackElement
  | FileUploaderElement
  | FormElement
  | FragmentElement
  | GraphvizElement
  | HTMLElement
  | IframeElement
  | ImageElement
  | JSONElement
  | LinkButtonElement
  | LogoElement
  | MapElement
  | MetricElement
  | MultiselectElement
  | NumberElement
  | PageConfigElement
  | PageLinkElement
  | PdfElement
  | PillsElement
  | PlainElement
  | PopoverElement
  | ProgressElement
  | RadioElement
  | RedirectElement
  | SelectSliderElement
  | SelectboxElement
  | SpinnerElement
  | StatusElement
  | SubmitButtonElement
  | TabElement
  | TableElement
  | TabsElement
  | TextElement
  | TextInputElement
  | TimeInputElement
  | ToastElement;

/** The kinds of elements. */
export type Kind = Element["kind"];

/** The element type of a kind. */
export type ElementOf<K extends Kind> = Extract<Element, { kind: K }>;

export interface PageInfo {
  name: string;
  label: string;
  url: string;
  icon?: string;
  section?: string;
}

export interface HostError {
  message: string;
  frames: Frame[];
  kind: string;
  snippet?: string;
  hint?: string;
}

export interface MediaSrc {
  media?: string;
  url?: string;
}

export interface Subtitle {
  label: string;
  media: string;
}

export interface DataframeColumn {
  name: string;
  type: "int" | "float" | "string" | "bool" | "time" | "null";
}

export interface EditorDelta {
  edited_rows: Record<string, Record<string, unknown>>;
  added_rows: (Record<string, unknown>)[];
  deleted_rows: number[];
}

export interface DataframeSelection {
  rows: number[];
  columns: string[];
}

export interface UploadedFile {
  name: string;
  size: number;
  type: string;
}

export interface FrameProps {
  file: string;
  line: number;
  col: number;
  func?: string;
}

export interface ImageItem {
  media?: string;
  url?: string;
  caption?: string;
}

export interface UploadReply {
  token: string;
}

export interface Frame {
  file: string;
  line: number;
  col: number;
  func?: string;
}
