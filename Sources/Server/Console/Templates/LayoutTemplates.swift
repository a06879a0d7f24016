/// The templates every page shares: the frame around a signed-in page, the sign-in page, and
/// the page that says why something was refused.
enum LayoutTemplates {
    /// The start of every page, up to the stylesheet: the document type, language, viewport and `title`.
    static let head = #"""
    <!DOCTYPE html>
    <html lang="{{htmlLang}}">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}} · Switchboard</title>
    <link rel="stylesheet" href="/console/assets/console.css">
    """#

    /// The frame: head, top bar with the pages the role may see, the language switch and sign-out; `body` is the page's own HTML.
    static let layout = #"""
    {{> head}}
    <script src="/console/assets/console.js" defer></script>
    {{#script}}<script src="/console/assets/{{script}}" defer></script>{{/script}}
    </head>
    <body class="page-{{page}}">
    <header class="topbar">
    <a class="brand" href="/console">Switchboard</a>
    <nav class="nav">{{#nav}}<a href="{{href}}"{{#active}} class="active"{{/active}}>{{label}}</a>{{/nav}}</nav>
    <div class="session">
    <span class="who">{{who}} · {{roleLabel}}</span>
    <a id="lang-zh" href="?lang=zh">中文</a>
    <a id="lang-en" href="?lang=en">English</a>
    <form id="sign-out" method="post" action="/console/sign-out"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{t.sign_out}}</button></form>
    </div>
    </header>
    <main class="content">
    <h1>{{title}}</h1>
    {{#notice}}<div id="notice" class="notice {{kind}}">{{text}}</div>{{/notice}}
    {{{body}}}
    </main>
    <footer class="footer muted">{{t.times_in}} {{timeZone}}</footer>
    </body>
    </html>
    """#

    /// The sign-in page (no top bar).
    static let signIn = #"""
    {{> head}}
    </head>
    <body class="page-sign-in">
    <main class="signin">
    <h1>Switchboard</h1>
    <p>{{t.sign_in_intro}}</p>
    {{#error}}<div id="sign-in-error" class="notice bad">{{error}}</div>{{/error}}
    <form id="sign-in" class="stacked" method="post" action="/console/sign-in">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <label for="api-key">{{t.api_key}}</label>
    <input id="api-key" name="api_key" type="password" autocomplete="off" required placeholder="sk-sb-…">
    <button id="sign-in-submit" class="primary" type="submit">{{t.sign_in}}</button>
    </form>
    <p class="langs"><a id="lang-zh" href="?lang=zh">中文</a> · <a id="lang-en" href="?lang=en">English</a></p>
    </main>
    </body>
    </html>
    """#

    /// A refusal or a missing page, inside the frame when signed in.
    static let errorPage = #"""
    <div class="error-page" id="{{errorID}}">
    <p>{{message}}</p>
    <p><a href="{{backHref}}">{{t.back}}</a></p>
    </div>
    """#

    /// A refusal for one who is not signed in (no frame).
    static let bareError = #"""
    {{> head}}
    </head>
    <body class="page-error"><main class="signin"><div class="error-page" id="{{errorID}}"><p>{{message}}</p><p><a href="/console/sign-in">{{t.sign_in}}</a></p></div></main></body>
    </html>
    """#
}
