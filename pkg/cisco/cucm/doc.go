// Package cucm reads what CUCM holds: its trust stores as downloaded from
// OS Administration > Security > Certificate Management (one folder per
// store, named as CUCM names it), the text of the CLI command
// `show cert list trust`, and audits those stores: which certificates a
// CA rollout has made redundant, which are duplicates, expired or collide,
// and what CUCM would refuse on upload.
//
// It never opens files, deletes or changes anything: the caller supplies
// the bytes (or an fs.FS), and the plan it returns is advice.
package cucm
