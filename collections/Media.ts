import type { CollectionConfig, SelectIncludeType } from "payload";

import { anyone } from "@/access/anyone";
import { isEditorOrAdmin } from "@/access/isEditorOrAdmin";
import { isStaff } from "@/access/isStaff";
import { serveUploadedFile } from "@/hooks/serveUploadedFile";
import { checkUploadedImage } from "@/hooks/checkUploadedImage";
import { createMediaImages, type ImageSettings } from "@/images/mediaImages";
import { MEDIA } from "./slugs";

/** Raster images and PDF only: SVG can carry script and is refused on purpose. */
const ACCEPTED_MEDIA_TYPES = [
  "image/png",
  "image/jpeg",
  "image/webp",
  "image/gif",
  "image/avif",
  "application/pdf",
];

const webp = { format: "webp" as const, options: { quality: 80 } };

const IMAGE_SIZES = [
  { name: "thumbnail", width: 320, height: 320, formatOptions: webp },
  { name: "card", width: 768, height: 512, formatOptions: webp },
  {
    name: "hero",
    width: 1920,
    height: 960,
    withoutEnlargement: true,
    formatOptions: webp,
  },
];

/**
 * What an image placed in another document carries: what a frontend renders, nothing of the
 * admin's (Payload computes `url` from `filename`, so both are read).
 */
const RENDERED_SIZE = {
  url: true,
  filename: true,
  mimeType: true,
  width: true,
  height: true,
} as const;
const POPULATED_MEDIA: SelectIncludeType = {
  alt: true,
  caption: true,
  url: true,
  filename: true,
  mimeType: true,
  width: true,
  height: true,
  focalX: true,
  focalY: true,
  sizes: Object.fromEntries(
    IMAGE_SIZES.map(({ name }) => [name, RENDERED_SIZE]),
  ),
  contentHash: true,
  placeholder: true,
  dominantColor: true,
  srcset: true,
  presets: true,
};

/** Uploads, stored in `mediaDir` (MEDIA_DIR), and their images transformed on request (src/images). */
export const Media = ({
  mediaDir,
  images,
}: {
  mediaDir: string;
  images: ImageSettings;
}): CollectionConfig => {
  const transforms = createMediaImages({
    collection: MEDIA,
    mediaDir,
    settings: images,
  });
  return {
    slug: MEDIA,
    endpoints: [transforms.imageEndpoint],
    defaultPopulate: POPULATED_MEDIA,
    admin: {
      useAsTitle: "alt",
      defaultColumns: ["filename", "alt", "mimeType", "filesize"],
    },
    hooks: {
      beforeOperation: [checkUploadedImage],
      beforeChange: [transforms.describeUpload],
      afterChange: [transforms.purgeReplaced],
      afterDelete: [transforms.purgeDeleted],
    },
    access: {
      create: isStaff,
      read: anyone,
      update: isEditorOrAdmin,
      delete: isEditorOrAdmin,
    },
    upload: {
      staticDir: mediaDir,
      handlers: [serveUploadedFile(mediaDir)],
      mimeTypes: ACCEPTED_MEDIA_TYPES,
      focalPoint: true,
      adminThumbnail: "thumbnail",
      imageSizes: IMAGE_SIZES,
    },
    fields: [
      {
        name: "alt",
        type: "text",
        required: true,
        maxLength: 300,
        admin: {
          description: "Describes the image for people who cannot see it.",
        },
      },
      {
        name: "caption",
        type: "text",
        maxLength: 500,
      },
      ...transforms.fields,
    ],
  };
};
