export namespace app {
	
	export class TimelineItem {
	    kind: string;
	    id: string;
	    at: number;
	    title: string;
	    snippet: string;
	    people: string[];
	    accountId: string;
	    accountName: string;
	    count: number;
	    direction: string;
	
	    static createFrom(source: any = {}) {
	        return new TimelineItem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.id = source["id"];
	        this.at = source["at"];
	        this.title = source["title"];
	        this.snippet = source["snippet"];
	        this.people = source["people"];
	        this.accountId = source["accountId"];
	        this.accountName = source["accountName"];
	        this.count = source["count"];
	        this.direction = source["direction"];
	    }
	}
	export class ContactSummary {
	    id: string;
	    name: string;
	    addresses: string[];
	    title: string;
	    role: string;
	    accountId: string;
	    accountName: string;
	    lastAt: number;
	
	    static createFrom(source: any = {}) {
	        return new ContactSummary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.addresses = source["addresses"];
	        this.title = source["title"];
	        this.role = source["role"];
	        this.accountId = source["accountId"];
	        this.accountName = source["accountName"];
	        this.lastAt = source["lastAt"];
	    }
	}
	export class AccountSummary {
	    id: string;
	    name: string;
	    domains: string[];
	    journey: string;
	    lastAt: number;
	    threadCount: number;
	    contactCount: number;
	
	    static createFrom(source: any = {}) {
	        return new AccountSummary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.domains = source["domains"];
	        this.journey = source["journey"];
	        this.lastAt = source["lastAt"];
	        this.threadCount = source["threadCount"];
	        this.contactCount = source["contactCount"];
	    }
	}
	export class AccountDetail {
	    account: AccountSummary;
	    contacts: ContactSummary[];
	    timeline: TimelineItem[];
	
	    static createFrom(source: any = {}) {
	        return new AccountDetail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.account = this.convertValues(source["account"], AccountSummary);
	        this.contacts = this.convertValues(source["contacts"], ContactSummary);
	        this.timeline = this.convertValues(source["timeline"], TimelineItem);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class ActivityInput {
	    kind: string;
	    accountId: string;
	    contactIds: string[];
	    body: string;
	    at: number;
	
	    static createFrom(source: any = {}) {
	        return new ActivityInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.accountId = source["accountId"];
	        this.contactIds = source["contactIds"];
	        this.body = source["body"];
	        this.at = source["at"];
	    }
	}
	export class AttachmentView {
	    name: string;
	    contentType: string;
	    size: number;
	    kept: boolean;
	
	    static createFrom(source: any = {}) {
	        return new AttachmentView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.contentType = source["contentType"];
	        this.size = source["size"];
	        this.kept = source["kept"];
	    }
	}
	export class ClassifySettings {
	    myAddresses: string[];
	    internalDomains: string[];
	    freeMailDomains: string[];
	    include: string[];
	    exclude: string[];
	    listMailIsHistory: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ClassifySettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.myAddresses = source["myAddresses"];
	        this.internalDomains = source["internalDomains"];
	        this.freeMailDomains = source["freeMailDomains"];
	        this.include = source["include"];
	        this.exclude = source["exclude"];
	        this.listMailIsHistory = source["listMailIsHistory"];
	    }
	}
	export class FolderView {
	    name: string;
	    specialUse: string;
	    default: boolean;
	
	    static createFrom(source: any = {}) {
	        return new FolderView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.specialUse = source["specialUse"];
	        this.default = source["default"];
	    }
	}
	export class ConnectionResult {
	    ok: boolean;
	    message: string;
	    folders: FolderView[];
	    idle: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ConnectionResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ok = source["ok"];
	        this.message = source["message"];
	        this.folders = this.convertValues(source["folders"], FolderView);
	        this.idle = source["idle"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Counts {
	    accounts: number;
	    contacts: number;
	    threads: number;
	    messages: number;
	    activities: number;
	
	    static createFrom(source: any = {}) {
	        return new Counts(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.accounts = source["accounts"];
	        this.contacts = source["contacts"];
	        this.threads = source["threads"];
	        this.messages = source["messages"];
	        this.activities = source["activities"];
	    }
	}
	export class FacetValue {
	    value: string;
	    label: string;
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new FacetValue(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.value = source["value"];
	        this.label = source["label"];
	        this.count = source["count"];
	    }
	}
	export class FolderProgress {
	    account: string;
	    folder: string;
	    done: number;
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new FolderProgress(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.account = source["account"];
	        this.folder = source["folder"];
	        this.done = source["done"];
	        this.total = source["total"];
	    }
	}
	
	export class ImportProgress {
	    running: boolean;
	    paused: boolean;
	    phase: string;
	    folder: string;
	    done: number;
	    total: number;
	    rate: number;
	    etaSec: number;
	    error: string;
	    folders: FolderProgress[];
	
	    static createFrom(source: any = {}) {
	        return new ImportProgress(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.running = source["running"];
	        this.paused = source["paused"];
	        this.phase = source["phase"];
	        this.folder = source["folder"];
	        this.done = source["done"];
	        this.total = source["total"];
	        this.rate = source["rate"];
	        this.etaSec = source["etaSec"];
	        this.error = source["error"];
	        this.folders = this.convertValues(source["folders"], FolderProgress);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class LeftOutItem {
	    id: string;
	    threadId: string;
	    date: number;
	    from: string;
	    address: string;
	    subject: string;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new LeftOutItem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.threadId = source["threadId"];
	        this.date = source["date"];
	        this.from = source["from"];
	        this.address = source["address"];
	        this.subject = source["subject"];
	        this.reason = source["reason"];
	    }
	}
	export class MailAccountView {
	    id: string;
	    name: string;
	    host: string;
	    port: number;
	    security: string;
	    username: string;
	    auth: string;
	    folders: string[];
	    since: string;
	    myAddresses: string[];
	
	    static createFrom(source: any = {}) {
	        return new MailAccountView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.host = source["host"];
	        this.port = source["port"];
	        this.security = source["security"];
	        this.username = source["username"];
	        this.auth = source["auth"];
	        this.folders = source["folders"];
	        this.since = source["since"];
	        this.myAddresses = source["myAddresses"];
	    }
	}
	export class Person {
	    name: string;
	    address: string;
	    contactId: string;
	
	    static createFrom(source: any = {}) {
	        return new Person(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.address = source["address"];
	        this.contactId = source["contactId"];
	    }
	}
	export class MessageView {
	    id: string;
	    from: Person;
	    to: Person[];
	    cc: Person[];
	    date: number;
	    subject: string;
	    body: string;
	    quoted: string;
	    truncated: boolean;
	    direction: string;
	    attachments: AttachmentView[];
	    unparsed: string;
	
	    static createFrom(source: any = {}) {
	        return new MessageView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.from = this.convertValues(source["from"], Person);
	        this.to = this.convertValues(source["to"], Person);
	        this.cc = this.convertValues(source["cc"], Person);
	        this.date = source["date"];
	        this.subject = source["subject"];
	        this.body = source["body"];
	        this.quoted = source["quoted"];
	        this.truncated = source["truncated"];
	        this.direction = source["direction"];
	        this.attachments = this.convertValues(source["attachments"], AttachmentView);
	        this.unparsed = source["unparsed"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class SearchFacets {
	    total: number;
	    accounts: FacetValue[];
	    people: FacetValue[];
	    kinds: FacetValue[];
	    years: FacetValue[];
	
	    static createFrom(source: any = {}) {
	        return new SearchFacets(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.total = source["total"];
	        this.accounts = this.convertValues(source["accounts"], FacetValue);
	        this.people = this.convertValues(source["people"], FacetValue);
	        this.kinds = this.convertValues(source["kinds"], FacetValue);
	        this.years = this.convertValues(source["years"], FacetValue);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SearchGroup {
	    accountId: string;
	    accountName: string;
	    hits: number[];
	
	    static createFrom(source: any = {}) {
	        return new SearchGroup(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.accountId = source["accountId"];
	        this.accountName = source["accountName"];
	        this.hits = source["hits"];
	    }
	}
	export class SearchHit {
	    id: string;
	    kind: string;
	    title: string;
	    snippet: string;
	    date: number;
	    accountId: string;
	    accountName: string;
	    threadId: string;
	    from: string;
	    capped: boolean;
	
	    static createFrom(source: any = {}) {
	        return new SearchHit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.title = source["title"];
	        this.snippet = source["snippet"];
	        this.date = source["date"];
	        this.accountId = source["accountId"];
	        this.accountName = source["accountName"];
	        this.threadId = source["threadId"];
	        this.from = source["from"];
	        this.capped = source["capped"];
	    }
	}
	export class SearchQuery {
	    query: string;
	    accountId: string;
	    kinds: string[];
	    offset: number;
	    size: number;
	    order: string;
	
	    static createFrom(source: any = {}) {
	        return new SearchQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.query = source["query"];
	        this.accountId = source["accountId"];
	        this.kinds = source["kinds"];
	        this.offset = source["offset"];
	        this.size = source["size"];
	        this.order = source["order"];
	    }
	}
	export class SearchResults {
	    total: number;
	    tookMs: number;
	    read: string;
	    notes: string[];
	    partial: boolean;
	    hits: SearchHit[];
	    groups: SearchGroup[];
	
	    static createFrom(source: any = {}) {
	        return new SearchResults(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.total = source["total"];
	        this.tookMs = source["tookMs"];
	        this.read = source["read"];
	        this.notes = source["notes"];
	        this.partial = source["partial"];
	        this.hits = this.convertValues(source["hits"], SearchHit);
	        this.groups = this.convertValues(source["groups"], SearchGroup);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SearchState {
	    state: string;
	    done: number;
	    total: number;
	    error: string;
	
	    static createFrom(source: any = {}) {
	        return new SearchState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.state = source["state"];
	        this.done = source["done"];
	        this.total = source["total"];
	        this.error = source["error"];
	    }
	}
	export class SyncState {
	    configured: boolean;
	    pending: number;
	    lastSync: number;
	    error: string;
	
	    static createFrom(source: any = {}) {
	        return new SyncState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.configured = source["configured"];
	        this.pending = source["pending"];
	        this.lastSync = source["lastSync"];
	        this.error = source["error"];
	    }
	}
	export class Status {
	    version: string;
	    state: string;
	    message: string;
	    demo: boolean;
	    firstRun: boolean;
	    online: boolean;
	    dataDir: string;
	    keySource: string;
	    diskEncrypted: string;
	    import: ImportProgress;
	    sync: SyncState;
	    search: SearchState;
	    counts: Counts;
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.state = source["state"];
	        this.message = source["message"];
	        this.demo = source["demo"];
	        this.firstRun = source["firstRun"];
	        this.online = source["online"];
	        this.dataDir = source["dataDir"];
	        this.keySource = source["keySource"];
	        this.diskEncrypted = source["diskEncrypted"];
	        this.import = this.convertValues(source["import"], ImportProgress);
	        this.sync = this.convertValues(source["sync"], SyncState);
	        this.search = this.convertValues(source["search"], SearchState);
	        this.counts = this.convertValues(source["counts"], Counts);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Suggestion {
	    id: string;
	    kind: string;
	    name: string;
	    detail: string;
	
	    static createFrom(source: any = {}) {
	        return new Suggestion(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.name = source["name"];
	        this.detail = source["detail"];
	    }
	}
	
	export class ThreadView {
	    id: string;
	    subject: string;
	    accountId: string;
	    accountName: string;
	    messages: MessageView[];
	
	    static createFrom(source: any = {}) {
	        return new ThreadView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.subject = source["subject"];
	        this.accountId = source["accountId"];
	        this.accountName = source["accountName"];
	        this.messages = this.convertValues(source["messages"], MessageView);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

