package session

// This file defines the elements as they travel in a delta: one type per
// kind, or per group of kinds with the same properties. starlib builds the
// properties (as maps); these types are the contract it is held to: the
// golden examples in testdata/wire/elements are what starlib sends
// (web's TestWireGoldenElements) and decode into these types with no field
// left over and none missing (TestGoldenElements), and the front end's types
// (web/frontend/src/wire.ts) are generated from them. docs/elements.md says
// what each property means.
//
// A `ts` tag gives the TypeScript type where Go's is wider (any, a number
// or a pair).

// Base is what every element carries: its kind and its path (container
// path, a dot, the index in the container).
type Base struct {
	Kind string `json:"kind"`
	Path string `json:"path"`
}

// Sized is what the elements that take Streamlit's width and
// use_container_width carry (buttons, links, charts, dataframes): Width is
// "stretch" (the container's width), "content" (the element's own) or a
// number of pixels (at most the container's width). Absent: the element's
// default (buttons and links their content, charts and dataframes their
// container).
type Sized struct {
	Width any `json:"width,omitempty" ts:"\"stretch\" | \"content\" | number"`
}

// Widget is what every widget carries besides [Base].
type Widget struct {
	ID       string  `json:"id"` // what the browser sends back in a widget message
	Disabled bool    `json:"disabled"`
	Help     *string `json:"help"`
	Key      string  `json:"key,omitempty"`  // when the page gave one
	Form     string  `json:"form,omitempty"` // the form's key, for a widget inside a form
	Label    string  `json:"label"`
	// LabelVisibility: hidden keeps the label's space, collapsed removes
	// it; either way the label stays the accessible name. Absent: visible.
	// Buttons have none.
	LabelVisibility string `json:"label_visibility,omitempty" ts:"\"visible\" | \"hidden\" | \"collapsed\""`
}

// TextElement: title, header, subheader, markdown, caption, text, and the
// alerts error, warning, info, success.
type TextElement struct {
	Base
	Body string `json:"body"`
	// AllowHTML (markdown and caption with unsafe_allow_html=True): the
	// body's raw HTML is rendered, sanitised, rather than shown as text.
	AllowHTML bool `json:"allow_html,omitempty"`
	// Anchor (title, header, subheader): the heading's id, which its link
	// points to; false for no link. Absent: an id made from the text.
	Anchor any `json:"anchor,omitempty" ts:"string | false"`
	// Divider (header, subheader): the colour of a line under the heading.
	Divider string `json:"divider,omitempty" ts:"\"blue\" | \"green\" | \"orange\" | \"red\" | \"violet\" | \"gray\" | \"grey\" | \"rainbow\""`
	// Icon (the alerts): an emoji or ":material/name:", shown instead of the
	// alert's own sign.
	Icon string `json:"icon,omitempty"`
	// Help: a tooltip beside the element.
	Help *string `json:"help,omitempty"`
}

type CodeElement struct {
	Base
	Body     string  `json:"body"`
	Language *string `json:"language"`
	// LineNumbers: a number before each line. WrapLines: long lines wrap
	// rather than scroll.
	LineNumbers bool `json:"line_numbers,omitempty"`
	WrapLines   bool `json:"wrap_lines,omitempty"`
}

type JSONElement struct {
	Base
	Value any `json:"value" ts:"unknown"`
	// Expanded: true (all open), false (closed), or the depth to which
	// the value is open (0: closed, 1: the top level's entries shown...).
	Expanded any `json:"expanded" ts:"boolean | number"`
}

// PlainElement: divider and empty, which carry nothing else.
type PlainElement struct {
	Base
}

// ExceptionElement is also what a failed run appends where it stopped.
type ExceptionElement struct {
	Base
	Message string       `json:"message"`
	Frames  []FrameProps `json:"frames"`
	// Hint, for a failed run whose error comes from a Python habit, says
	// what to write instead (host.Error's Hint).
	Hint string `json:"hint,omitempty"`
}

// FrameProps is one frame of a backtrace, as host.Frame encodes it.
type FrameProps struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
	Func string `json:"func,omitempty"`
}

type MetricElement struct {
	Base
	Label      string  `json:"label"`
	Value      string  `json:"value"`
	Delta      *string `json:"delta"`
	DeltaColor string  `json:"delta_color" ts:"\"normal\" | \"inverse\" | \"off\""`
	Help       *string `json:"help"`
	// LabelVisibility is as a widget's (see [Widget]).
	LabelVisibility string     `json:"label_visibility,omitempty" ts:"\"visible\" | \"hidden\" | \"collapsed\""`
	ChartData       []*float64 `json:"chart_data,omitempty"`
	ChartType       string     `json:"chart_type,omitempty" ts:"\"line\" | \"bar\" | \"area\""`
}

type TableElement struct {
	Base
	Columns []string `json:"columns"`
	Rows    [][]any  `json:"rows"`
}

// Containers.

type ColumnsElement struct {
	Base
	Gap    string    `json:"gap" ts:"\"small\" | \"medium\" | \"large\""`
	Widths []float64 `json:"widths"`
	// VerticalAlignment: how the columns' contents line up. Absent: top.
	VerticalAlignment string `json:"vertical_alignment,omitempty" ts:"\"top\" | \"center\" | \"bottom\""`
}

type ColumnElement struct {
	Base
	Width float64 `json:"width"`
}

type TabsElement struct {
	Base
	Labels []string `json:"labels"`
}

type TabElement struct {
	Base
	Label string `json:"label"`
}

type PopoverElement struct {
	Base
	Sized            // use_container_width, width: the button's
	Label    string  `json:"label"`
	Icon     string  `json:"icon,omitempty"`     // an emoji or ":material/name:", before the label
	Help     *string `json:"help,omitempty"`     // the button's tooltip
	Disabled bool    `json:"disabled,omitempty"` // the button cannot be clicked
}

type ExpanderElement struct {
	Base
	Label    string `json:"label"`
	Expanded bool   `json:"expanded"`
	Icon     string `json:"icon,omitempty"` // an emoji or ":material/name:", before the label
}

// ChatMessageElement is a chat_message container: one message of a
// conversation, its avatar beside what the page writes in it.
type ChatMessageElement struct {
	Base
	Name string `json:"name"`
	// Role is "user" (names user, human) or "assistant" (assistant, ai),
	// whose avatars are Streamlit's; absent for other names.
	Role string `json:"role,omitempty" ts:"\"user\" | \"assistant\""`
	// Avatar is an emoji or ":material/name:" (icon), an http(s) URL
	// (image) or the name's first letter (letter).
	Avatar     string `json:"avatar"`
	AvatarType string `json:"avatar_type" ts:"\"icon\" | \"image\" | \"letter\""`
}

type ContainerElement struct {
	Base
	Border bool     `json:"border"`
	Height *float64 `json:"height"`
	Key    string   `json:"key,omitempty"` // when the page gave one: the class stark-key-KEY
}

type FormElement struct {
	Base
	Key           string `json:"key"`
	ClearOnSubmit bool   `json:"clear_on_submit"`
	EnterToSubmit bool   `json:"enter_to_submit"` // Enter in a field submits the form
	Border        bool   `json:"border"`
}

type StatusElement struct {
	Base
	Label    string `json:"label"`
	State    string `json:"state" ts:"\"running\" | \"complete\" | \"error\""`
	Expanded bool   `json:"expanded"`
}

// DialogElement is a modal dialog (st.dialog): a container the browser
// shows over the page, with a close button. ID is the dialog's widget: the
// browser sends true when the visitor closes it.
type DialogElement struct {
	Base
	ID    string `json:"id"`
	Title string `json:"title"`
	Width string `json:"width" ts:"\"small\" | \"medium\" | \"large\""`
	// Dismissible: the close button, Escape and a click outside close the
	// dialog; when false only the page closes it (st.rerun() in it).
	Dismissible bool `json:"dismissible"`
}

type FragmentElement struct {
	Base
	ID       string   `json:"id,omitempty"`
	RunEvery *float64 `json:"run_every"` // seconds
}

// Status elements.

type ProgressElement struct {
	Base
	Value int     `json:"value"` // 0 to 100
	Text  *string `json:"text"`
}

type SpinnerElement struct {
	Base
	Text string `json:"text"`
}

type ToastElement struct {
	Base
	Body string  `json:"body"`
	Icon *string `json:"icon"`
}

type PageConfigElement struct {
	Base
	Title  *string `json:"title"`
	Icon   *string `json:"icon"`
	Layout string  `json:"layout" ts:"\"centered\" | \"wide\""`
	// InitialSidebarState: expanded or collapsed opens or closes the
	// sidebar when the page first shows it, or when the value changes;
	// auto leaves it as the screen's width has it.
	InitialSidebarState string `json:"initial_sidebar_state" ts:"\"auto\" | \"expanded\" | \"collapsed\""`
}

// RedirectElement makes the browser leave the page: to sign in with a
// provider (GET /_stark/oidc/login?provider=&next=the page) or to sign out
// (a POST of /_stark/logout, then the app's first page).
type RedirectElement struct {
	Base
	Action   string  `json:"action" ts:"\"login\" | \"logout\""`
	Provider *string `json:"provider"` // null: the app's only provider
}

// Widgets.

type ButtonElement struct {
	Base
	Sized
	Widget
	Type string `json:"type" ts:"\"primary\" | \"secondary\""`
	Icon string `json:"icon,omitempty"` // an emoji or ":material/name:", before the label
}

// CheckboxElement: checkbox and toggle.
type CheckboxElement struct {
	Base
	Widget
	Value bool `json:"value"`
}

type RadioElement struct {
	Base
	Widget
	Options    []string `json:"options"`
	Index      *int     `json:"index"`
	Horizontal bool     `json:"horizontal"`
	// Captions: one line of markdown under each option ("" for none).
	Captions []string `json:"captions,omitempty"`
}

type SelectboxElement struct {
	Base
	Widget
	Options     []string `json:"options"`
	Index       *int     `json:"index"`
	Placeholder *string  `json:"placeholder,omitempty"`
}

type MultiselectElement struct {
	Base
	Widget
	Options       []string `json:"options"`
	Value         []int    `json:"value"` // indices
	MaxSelections *int     `json:"max_selections"`
	Placeholder   string   `json:"placeholder"` // shown while nothing is selected
}

// NumberElement: slider and number_input.
type NumberElement struct {
	Base
	Widget
	Min    *float64 `json:"min"` // null when unbounded (number_input)
	Max    *float64 `json:"max"`
	Step   float64  `json:"step"`
	Value  any      `json:"value" ts:"number | [number, number] | null"` // null: number_input with nothing entered
	Float  bool     `json:"float"`
	Format *string  `json:"format"`
	// Placeholder: number_input's text shown while it is empty.
	Placeholder *string `json:"placeholder,omitempty"`
	// Clearable: a number_input of value None, which the user may empty
	// again (sending null).
	Clearable bool `json:"clearable,omitempty"`
	// Temporal: a slider over dates, times or datetimes, whose numbers are
	// seconds since 1970-01-01 of the wall clock read as UTC (a time:
	// since midnight); format is then a moment.js-style layout.
	Temporal string `json:"temporal,omitempty" ts:"\"date\" | \"time\" | \"datetime\""`
}

type TextInputElement struct {
	Base
	Widget
	Value       *string `json:"value"` // null: nothing entered (value=None)
	Placeholder *string `json:"placeholder"`
	MaxChars    *int    `json:"max_chars"`
	Type        string  `json:"type,omitempty" ts:"\"default\" | \"password\""`
	// Autocomplete is the browser's autocomplete hint (text_input).
	Autocomplete string `json:"autocomplete,omitempty"`
	Height       *int   `json:"height,omitempty"` // text_area
}

type SubmitButtonElement struct {
	Base
	Sized
	Widget
	Type string `json:"type" ts:"\"primary\" | \"secondary\""`
	Icon string `json:"icon,omitempty"` // an emoji or ":material/name:", before the label
}

type DateInputElement struct {
	Base
	Widget
	// Value: a date, null (value=None, nothing picked) or a range:
	// [start, end], or [] and [start] while the user picks it.
	Value any     `json:"value" ts:"string | [] | [string] | [string, string] | null"`
	Min   *string `json:"min"`
	Max   *string `json:"max"`
	// Format: how the browser shows a date, YYYY, MM and DD in some order,
	// separated by "/", "-" or "." ("YYYY/MM/DD", as Streamlit).
	Format string `json:"format"`
}

type TimeInputElement struct {
	Base
	Widget
	Value *string `json:"value"`
	Step  int     `json:"step"` // seconds
}

type ColorPickerElement struct {
	Base
	Widget
	Value string `json:"value"`
}

type SelectSliderElement struct {
	Base
	Widget
	Options []string `json:"options"`
	Index   any      `json:"index" ts:"number | [number, number]"`
}

// PillsElement: pills and segmented_control.
type PillsElement struct {
	Base
	Widget
	Options       []string `json:"options"`
	SelectionMode string   `json:"selection_mode" ts:"\"single\" | \"multi\""`
	Value         any      `json:"value" ts:"number | number[] | null"`
}

type DownloadButtonElement struct {
	Base
	Sized
	Widget
	Type     string `json:"type" ts:"\"primary\" | \"secondary\""`
	FileName string `json:"file_name"`
	Mime     string `json:"mime"`
	// Media is the data's name in the app's media store; the front end
	// fetches it from web's /_stark/media/MEDIA under the app's base.
	Media string `json:"media"`
	Icon  string `json:"icon,omitempty"` // replaces the download sign
}

type FileUploaderElement struct {
	Base
	Widget
	Accept   []string       `json:"accept"` // null: any file
	Multiple bool           `json:"multiple"`
	MaxBytes int64          `json:"max_bytes"`
	Files    []UploadedFile `json:"files"`
}

// ChatInputElement is a chat_input: a text box whose submitted text the
// page sees in the run after the submit. It has no label, help or value.
type ChatInputElement struct {
	Base
	ID          string `json:"id"`
	Key         string `json:"key,omitempty"`
	Placeholder string `json:"placeholder"`
	Disabled    bool   `json:"disabled"`
	MaxChars    int    `json:"max_chars,omitempty"`
	// AcceptFile: false, true (one file) or "multiple"; the value sent is
	// then {"text", "files": [upload tokens]}.
	AcceptFile any   `json:"accept_file" ts:"boolean | \"multiple\""`
	MaxBytes   int64 `json:"max_bytes,omitempty"` // with accept_file: the upload limit
	// Pinned: written in the page's main area, the box is pinned to the
	// bottom of the page; inside a container it stays where it is.
	Pinned bool `json:"pinned,omitempty"`
}

// DeviceInputElement is camera_input (a photo, image/jpeg) or audio_input
// (a recording, audio/wav): the browser captures it and uploads it as a
// file_uploader's file, and sends its token as the value ([token], or []
// to clear).
type DeviceInputElement struct {
	Base
	Widget
	MaxBytes int64          `json:"max_bytes"`
	Files    []UploadedFile `json:"files"` // none or the one captured
}

// UploadedFile describes one file of a file_uploader's value.
type UploadedFile struct {
	Name string `json:"name"`
	Size int64  `json:"size"`
	Type string `json:"type"`
}

// Links.

type LinkButtonElement struct {
	Base
	Sized
	Label    string  `json:"label"`
	URL      string  `json:"url"`
	Type     string  `json:"type" ts:"\"primary\" | \"secondary\""`
	Disabled bool    `json:"disabled"`
	Help     *string `json:"help"`           // the link's tooltip
	Icon     string  `json:"icon,omitempty"` // an emoji or ":material/name:", before the label
}

type PageLinkElement struct {
	Base
	Sized
	Label    string  `json:"label"`
	Page     string  `json:"page"`
	URL      string  `json:"url"`
	Icon     *string `json:"icon"`
	Disabled bool    `json:"disabled"`
	Help     *string `json:"help"` // the link's tooltip
}

// Data and charts.

type DataframeElement struct {
	Base
	Sized
	Columns      []DataframeColumn `json:"columns"`
	NumRows      int               `json:"num_rows"`
	Rows         [][]any           `json:"rows"` // the first rows; more by rows messages
	Height       *float64          `json:"height"`
	ColumnConfig map[string]any    `json:"column_config" ts:"Record<string, string | Record<string, unknown>>"` // by column: a dict (st.column_config's: "type" says how to show the column) or a label
	// HideIndex false (hide_index=False): a column of row positions is shown.
	HideIndex *bool `json:"hide_index,omitempty"`
	// With on_select: the dataframe is a widget whose value is its selection.
	ID            string              `json:"id,omitempty"`
	Key           string              `json:"key,omitempty"`
	SelectionMode []string            `json:"selection_mode,omitempty" ts:"(\"single-row\" | \"multi-row\" | \"single-column\" | \"multi-column\")[]"`
	Selection     *DataframeSelection `json:"selection,omitempty"`
}

// DataEditorElement is st.data_editor: a dataframe whose cells are edited
// and, when Dynamic, whose rows are added and deleted. Value is the delta of
// the edits over the rows the grid pages (edited_rows' keys are row
// positions as strings).
type DataEditorElement struct {
	Base
	Sized
	Columns         []DataframeColumn `json:"columns"`
	NumRows         int               `json:"num_rows"`
	Rows            [][]any           `json:"rows"` // the first rows; more by rows messages
	Height          *float64          `json:"height"`
	ColumnConfig    map[string]any    `json:"column_config" ts:"Record<string, string | Record<string, unknown>>"`
	HideIndex       *bool             `json:"hide_index,omitempty"`
	ID              string            `json:"id"`
	Key             string            `json:"key,omitempty"`
	Dynamic         bool              `json:"dynamic"`          // num_rows="dynamic": rows are added and deleted
	Disabled        bool              `json:"disabled"`         // nothing is edited
	DisabledColumns []string          `json:"disabled_columns"` // columns whose cells are not edited
	Value           EditorDelta       `json:"value"`
}

// EditorDelta is a data editor's value: Streamlit's edits, rows added and
// rows deleted.
type EditorDelta struct {
	EditedRows  map[string]map[string]any `json:"edited_rows"`
	AddedRows   []map[string]any          `json:"added_rows"`
	DeletedRows []int                     `json:"deleted_rows"`
}

// FeedbackElement is st.feedback: a row of thumbs (down, up), faces or
// stars; Value is the index of the chosen one, or null.
type FeedbackElement struct {
	Base
	ID       string `json:"id"`
	Key      string `json:"key,omitempty"`
	Disabled bool   `json:"disabled"`
	Options  string `json:"options" ts:"\"thumbs\" | \"faces\" | \"stars\""`
	Value    *int   `json:"value"`
}

// MapElement is st.map: points at Lat[i], Lon[i] (degrees), each a circle
// of Size meters (one for all, or one per point) in Color (a CSS colour, or
// one per point). Zoom: the map's zoom level (absent: fitted to the
// points); Height in pixels (absent: the default).
type MapElement struct {
	Base
	Sized
	Lat    []float64 `json:"lat"`
	Lon    []float64 `json:"lon"`
	Color  any       `json:"color" ts:"string | string[]"`
	Size   any       `json:"size" ts:"number | number[]"`
	Zoom   *float64  `json:"zoom"`
	Height *float64  `json:"height"`
	// Tiles: the app's tile server ([map] tiles of stark.toml), a URL
	// template with {z}, {x} and {y}; the points are then drawn over its
	// tiles in Web Mercator. Absent: a plain projection, offline.
	Tiles       string `json:"tiles,omitempty"`
	Attribution string `json:"attribution,omitempty"` // shown over the tiles
}

// DataframeSelection is a dataframe's selection: row positions in the
// table's own order (whatever the sort shown) and column names.
type DataframeSelection struct {
	Rows    []int    `json:"rows"`
	Columns []string `json:"columns"`
}

// DataframeColumn is a column of a dataframe: its name and type.
type DataframeColumn struct {
	Name string `json:"name"`
	Type string `json:"type" ts:"\"int\" | \"float\" | \"string\" | \"bool\" | \"time\" | \"null\""`
}

// ChartElement: line_chart, bar_chart, area_chart, scatter_chart and
// vega_lite_chart.
type ChartElement struct {
	Base
	Sized
	Spec   map[string]any `json:"spec"` // a Vega-Lite spec, data inline
	Height *float64       `json:"height"`
	// Theme is "none" when the chart is drawn with Vega-Lite's own look
	// (st.vega_lite_chart(theme=None)); absent, the page's theme.
	Theme string `json:"theme,omitempty" ts:"\"none\""`
}

// Media.

// MediaSrc is where the browser finds a file: Media is its hash in the
// app's media store, fetched from web's /_stark/media/MEDIA under the
// app's base (served inline, with Range requests); URL is an http or https
// URL the browser loads itself. One of the two is set.
type MediaSrc struct {
	Media string `json:"media,omitempty"`
	URL   string `json:"url,omitempty"`
}

// ImageElement: st.image, one image or several side by side.
type ImageElement struct {
	Base
	Sized
	Images []ImageItem `json:"images"`
}

// ImageItem is one image of an ImageElement, with its caption (markdown
// is not read: it is text).
type ImageItem struct {
	MediaSrc
	Caption string `json:"caption,omitempty"`
}

// AVElement: audio and video. StartTime and EndTime are seconds: the
// player starts at StartTime and stops at EndTime (null: the end), and
// with Loop goes back to StartTime.
type AVElement struct {
	Base
	Sized
	Src       MediaSrc `json:"src"`
	Mime      string   `json:"mime,omitempty"` // the file's type; absent for a URL
	StartTime float64  `json:"start_time"`
	EndTime   *float64 `json:"end_time"`
	Loop      bool     `json:"loop"`
	Autoplay  bool     `json:"autoplay"`
	// Muted and Subtitles are video's: the tracks of WebVTT subtitles in
	// the media store, each with its label.
	Muted     bool       `json:"muted,omitempty"`
	Subtitles []Subtitle `json:"subtitles,omitempty"`
}

// Subtitle is a track of a video's subtitles.
type Subtitle struct {
	Label string `json:"label"`
	Media string `json:"media"`
}

// LogoElement: st.logo, shown at the top of the sidebar (or of the page),
// linking to Link when set; IconImage replaces it while the sidebar is
// closed.
type LogoElement struct {
	Base
	Image     MediaSrc  `json:"image"`
	IconImage *MediaSrc `json:"icon_image,omitempty"`
	Link      *string   `json:"link"`
	Size      string    `json:"size" ts:"\"small\" | \"medium\" | \"large\""`
}

// PdfElement: st.pdf, a PDF of the media store in a frame.
type PdfElement struct {
	Base
	Media  string `json:"media"`
	Height any    `json:"height" ts:"number | \"stretch\""`
}

// IframeElement: st.components.v1.html and st.components.v1.iframe, a
// frame sandboxed with sandbox="allow-scripts" (never allow-same-origin):
// HTML of the page, served from /_stark/component/HASH under its own
// Content-Security-Policy, or an http or https URL.
type IframeElement struct {
	Base
	HTML      string `json:"html,omitempty"` // the media store's hash of the HTML
	URL       string `json:"url,omitempty"`  // a page of another site
	Width     *int   `json:"width"`          // pixels; null: the column's width
	Height    *int   `json:"height"`         // pixels; null: 150
	Scrolling bool   `json:"scrolling"`
}

// Small elements.

// BadgeElement: st.badge, a small coloured label.
type BadgeElement struct {
	Base
	Sized
	Label string `json:"label"`
	Color string `json:"color" ts:"\"blue\" | \"green\" | \"orange\" | \"red\" | \"violet\" | \"yellow\" | \"gray\" | \"grey\" | \"primary\""`
	Icon  string `json:"icon,omitempty"` // an emoji or ":material/name:", before the label
}

// GraphvizElement: st.graphviz_chart, a graph in Graphviz's DOT language,
// laid out by the browser (Graphviz compiled to WebAssembly, in a Worker).
type GraphvizElement struct {
	Base
	Sized
	Dot string `json:"dot"`
}

// HTMLElement: st.html, whose body the front end sanitises as markdown's
// unsafe_allow_html: no scripts, event handlers or javascript: URLs.
type HTMLElement struct {
	Base
	Sized
	Body string `json:"body"`
}

// elementKinds maps every kind to the type of its elements.
var elementKinds = map[string]any{
	"title": TextElement{}, "header": TextElement{}, "subheader": TextElement{},
	"markdown": TextElement{}, "caption": TextElement{}, "text": TextElement{},
	"error": TextElement{}, "warning": TextElement{}, "info": TextElement{}, "success": TextElement{},
	"code":      CodeElement{},
	"json":      JSONElement{},
	"divider":   PlainElement{},
	"exception": ExceptionElement{},
	"metric":    MetricElement{},
	"table":     TableElement{},

	"empty":        PlainElement{},
	"columns":      ColumnsElement{},
	"column":       ColumnElement{},
	"tabs":         TabsElement{},
	"tab":          TabElement{},
	"expander":     ExpanderElement{},
	"container":    ContainerElement{},
	"chat_message": ChatMessageElement{},
	"popover":      PopoverElement{},
	"form":         FormElement{},
	"status":       StatusElement{},
	"fragment":     FragmentElement{},
	"dialog":       DialogElement{},

	"progress":    ProgressElement{},
	"spinner":     SpinnerElement{},
	"toast":       ToastElement{},
	"page_config": PageConfigElement{},
	"redirect":    RedirectElement{},

	"button":             ButtonElement{},
	"checkbox":           CheckboxElement{},
	"toggle":             CheckboxElement{},
	"radio":              RadioElement{},
	"selectbox":          SelectboxElement{},
	"multiselect":        MultiselectElement{},
	"slider":             NumberElement{},
	"number_input":       NumberElement{},
	"text_input":         TextInputElement{},
	"text_area":          TextInputElement{},
	"form_submit_button": SubmitButtonElement{},
	"date_input":         DateInputElement{},
	"time_input":         TimeInputElement{},
	"color_picker":       ColorPickerElement{},
	"select_slider":      SelectSliderElement{},
	"pills":              PillsElement{},
	"segmented_control":  PillsElement{},
	"download_button":    DownloadButtonElement{},
	"file_uploader":      FileUploaderElement{},
	"chat_input":         ChatInputElement{},
	"camera_input":       DeviceInputElement{},
	"audio_input":        DeviceInputElement{},

	"feedback": FeedbackElement{},

	"link_button": LinkButtonElement{},
	"page_link":   PageLinkElement{},

	"dataframe":       DataframeElement{},
	"data_editor":     DataEditorElement{},
	"line_chart":      ChartElement{},
	"bar_chart":       ChartElement{},
	"area_chart":      ChartElement{},
	"scatter_chart":   ChartElement{},
	"vega_lite_chart": ChartElement{},
	"graphviz_chart":  GraphvizElement{},

	"image": ImageElement{},
	"audio": AVElement{},
	"video": AVElement{},
	"logo":  LogoElement{},
	"pdf":   PdfElement{},

	"iframe": IframeElement{},

	"latex":    TextElement{},
	"badge":    BadgeElement{},
	"html":     HTMLElement{},
	"balloons": PlainElement{},
	"snow":     PlainElement{},
	"map":      MapElement{},
}
